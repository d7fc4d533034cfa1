import { Module } from '@nestjs/common';
import { AuthModule } from '@carenet/auth';
import { IndicatorsModule } from '@carenet/indicators';
import { ReportingModule } from '@carenet/reporting';
import { SimulationRepository } from './simulation.repository.js';
import { SimulationService } from './simulation.service.js';

@Module({
  imports: [AuthModule, ReportingModule, IndicatorsModule],
  providers: [SimulationRepository, SimulationService],
  exports: [SimulationService],
})
export class SimulationModule {}
