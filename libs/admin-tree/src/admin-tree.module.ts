import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminUnitEntity } from './admin-unit.entity.js';
import { AdminTreeRepository } from './admin-tree.repository.js';
import { AdminTreeService } from './admin-tree.service.js';
import { DivisionImportRepository } from './division-import.repository.js';
import { DivisionImportService } from './division-import.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([AdminUnitEntity])],
  providers: [AdminTreeRepository, AdminTreeService, DivisionImportRepository, DivisionImportService],
  exports: [AdminTreeService, DivisionImportService],
})
export class AdminTreeModule {}
