import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Role } from '@carenet/core';
import { AdminUnitType } from '../admin-tree/admin-unit.types.js';
import { ConnectionType } from '../graphql/connection.js';
import { DateTime } from '../graphql/scalars.js';

@ObjectType('ManagedUser', { description: 'A user as an administrator sees them.' })
export class ManagedUserType {
  @Field(() => ID) id!: string;
  @Field() username!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => ID) unitCode!: string;
  @Field(() => AdminUnitType) unit!: unknown;
  @Field({ description: 'Disabled users cannot sign in; their tokens are refused on the next request.' }) disabled!: boolean;
  @Field(() => DateTime, { nullable: true }) lastLoginAt!: Date | null;
  @Field({ description: 'Set by a password reset; cleared when the user chooses a new one (changePassword).' }) mustChangePassword!: boolean;
  @Field(() => DateTime) createdAt!: Date;
}

@ObjectType('ManagedUserConnection')
export class ManagedUserConnection extends ConnectionType(ManagedUserType, 'ManagedUser') {}

@ObjectType('ManagedApiKey')
export class ManagedApiKeyType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ID) unitCode!: string;
  @Field() revoked!: boolean;
  @Field(() => Int, { description: 'GraphQL requests per minute.' }) quotaPerMinute!: number;
  @Field(() => DateTime) createdAt!: Date;
  @Field() createdBy!: string;
}

@ObjectType('ManagedApiKeyConnection')
export class ManagedApiKeyConnection extends ConnectionType(ManagedApiKeyType, 'ManagedApiKey') {}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyType {
  @Field({ description: 'Shown once: only a hash is kept.' }) secret!: string;
  @Field(() => ManagedApiKeyType) apiKey!: ManagedApiKeyType;
}

@ObjectType('AdminAuditEntry', { description: 'One administrative action: who, when, on what, and what changed.' })
export class AdminAuditEntryType {
  @Field(() => ID) id!: string;
  @Field(() => DateTime) at!: Date;
  @Field() actor!: string;
  @Field() action!: string;
  @Field(() => ID, { nullable: true }) unitCode!: string | null;
  @Field(() => String, { nullable: true }) target!: string | null;
  @Field({ description: 'JSON' }) details!: string;
}

@ObjectType('AdminAuditConnection')
export class AdminAuditConnection extends ConnectionType(AdminAuditEntryType, 'AdminAuditEntry') {}

@InputType('UpdateUserInput')
export class UpdateUserInput {
  @Field(() => ID) id!: string;
  @Field(() => [Role], { nullable: true }) roles?: Role[] | null;
  @Field(() => ID, { nullable: true }) unitCode?: string | null;
}

@InputType('ResetPasswordInput')
export class ResetPasswordInput {
  @Field(() => ID) id!: string;
  @Field() newPassword!: string;
}

@InputType('ChangePasswordInput')
export class ChangePasswordInput {
  @Field() currentPassword!: string;
  @Field() newPassword!: string;
}

@InputType('CreateManagedApiKeyInput')
export class CreateManagedApiKeyInput {
  @Field() name!: string;
  @Field(() => ID) unitCode!: string;
  @Field(() => Int, { nullable: true }) quotaPerMinute?: number | null;
}

@InputType('SetApiKeyQuotaInput')
export class SetApiKeyQuotaInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) quotaPerMinute!: number;
}
