import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '@carenet/queue';
import { AdminAuditModule } from '@carenet/admin-audit';
import { RegistryTreeModule } from '@carenet/registry';
import { AdminUnitEntity } from './admin-unit.entity.js';
import { AdminTreeRepository } from './admin-tree.repository.js';
import { AdminTreeService } from './admin-tree.service.js';
import { DivisionImportRepository } from './division-import.repository.js';
import { DivisionImportService } from './division-import.service.js';
import { TreeChangeRepository } from './tree-change.repository.js';
import { TreeChangeService } from './tree-change.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([AdminUnitEntity]), OutboxModule, AdminAuditModule, RegistryTreeModule],
  providers: [AdminTreeRepository, AdminTreeService, DivisionImportRepository, DivisionImportService, TreeChangeRepository, TreeChangeService],
  exports: [AdminTreeService, DivisionImportService, TreeChangeService],
})
export class AdminTreeModule {}
