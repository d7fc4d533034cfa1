import { Module } from '@nestjs/common';
import { AdminAuditRepository } from './admin-audit.repository.js';

@Module({
  providers: [AdminAuditRepository],
  exports: [AdminAuditRepository],
})
export class AdminAuditModule {}
