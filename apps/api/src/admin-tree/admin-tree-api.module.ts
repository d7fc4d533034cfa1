import { Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { AdminUnitResolver } from './admin-unit.resolver.js';

@Module({
  imports: [AdminTreeModule],
  providers: [AdminUnitResolver],
})
export class AdminTreeApiModule {}
