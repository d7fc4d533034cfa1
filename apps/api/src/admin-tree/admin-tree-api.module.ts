import { Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { AdminUnitResolver } from './admin-unit.resolver.js';
import { TreeChangeResolver } from './tree-change.resolver.js';

@Module({
  imports: [AdminTreeModule],
  providers: [AdminUnitResolver, TreeChangeResolver],
})
export class AdminTreeApiModule {}
