import { Module } from '@nestjs/common';
import { IndicatorsRepository } from './indicators.repository.js';
import { IndicatorsService } from './indicators.service.js';

@Module({
  providers: [IndicatorsRepository, IndicatorsService],
  exports: [IndicatorsRepository, IndicatorsService],
})
export class IndicatorsModule {}
