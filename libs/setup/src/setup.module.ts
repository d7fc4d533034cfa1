import { Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { AuthModule } from '@carenet/auth';
import { OutboxModule } from '@carenet/queue';
import { SetupRepository } from './setup.repository.js';
import { SetupService } from './setup.service.js';

@Module({
  imports: [AdminTreeModule, AuthModule, OutboxModule],
  providers: [SetupRepository, SetupService],
  exports: [SetupService],
})
export class SetupModule {}
