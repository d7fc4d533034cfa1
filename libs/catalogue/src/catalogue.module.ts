import { Module } from '@nestjs/common';
import { AdminAuditModule } from '@carenet/admin-audit';
import { IndicatorsModule } from '@carenet/indicators';
import { CatalogueRepository } from './catalogue.repository.js';
import { CatalogueService } from './catalogue.service.js';

@Module({
  imports: [AdminAuditModule, IndicatorsModule],
  providers: [CatalogueRepository, CatalogueService],
  exports: [CatalogueService],
})
export class CatalogueModule {}
