import { Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { UsersRepository } from './users.repository.js';

@Module({
  imports: [AdminTreeModule],
  providers: [UsersRepository, LoginThrottle, AuthService],
  exports: [AuthService],
})
export class AuthModule {}
