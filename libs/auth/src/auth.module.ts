import { Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { AdminAuditModule } from '@carenet/admin-audit';
import { UserAdminRepository } from './user-admin.repository.js';
import { UserAdminService } from './user-admin.service.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { UsersRepository } from './users.repository.js';
import { ActorCache, ActorChangesListener } from './actor-cache.js';

@Module({
  imports: [AdminTreeModule, AdminAuditModule],
  providers: [UsersRepository, LoginThrottle, ActorCache, ActorChangesListener, AuthService, UserAdminRepository, UserAdminService],
  exports: [AuthService, UserAdminService, ActorChangesListener],
})
export class AuthModule {}
