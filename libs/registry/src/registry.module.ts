import { Module } from '@nestjs/common';
import { AdminAuditModule } from '@carenet/admin-audit';
import { RegistryBulkService } from './registry-bulk.service.js';
import { RegistrySimulationRepository } from './registry-simulation.repository.js';
import { RegistrySimulationService } from './registry-simulation.service.js';
import { ChildrenRepository } from './children.repository.js';
import { IdLookupBudget } from './id-lookup-budget.js';
import { MonitoringRepository } from './monitoring.repository.js';
import { MonitoringService } from './monitoring.service.js';
import { RegistryCountsRepository } from './registry-counts.repository.js';
import { RegistryCountsService } from './registry-counts.service.js';
import { RegistryUnitsRepository } from './registry-units.repository.js';
import { dataKeyringProvider, RegistryService } from './registry.service.js';

@Module({
  imports: [AdminAuditModule],
  providers: [IdLookupBudget, RegistrySimulationRepository, RegistrySimulationService, RegistryBulkService, dataKeyringProvider, ChildrenRepository, RegistryCountsRepository, RegistryUnitsRepository, RegistryService, RegistryCountsService, MonitoringRepository, MonitoringService],
  exports: [RegistrySimulationService, RegistryBulkService, RegistryService, RegistryCountsService, MonitoringService],
})
export class RegistryModule {}
