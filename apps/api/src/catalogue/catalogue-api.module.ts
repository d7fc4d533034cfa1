import { Module } from '@nestjs/common';
import { CatalogueModule } from '@carenet/catalogue';
import { CatalogueResolver } from './catalogue.resolver.js';

@Module({ imports: [CatalogueModule], providers: [CatalogueResolver] })
export class CatalogueApiModule {}
