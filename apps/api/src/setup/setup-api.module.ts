import { Module } from '@nestjs/common';
import { SetupModule } from '@carenet/setup';
import { SetupResolver } from './setup.resolver.js';

@Module({
  imports: [SetupModule],
  providers: [SetupResolver],
})
export class SetupApiModule {}
