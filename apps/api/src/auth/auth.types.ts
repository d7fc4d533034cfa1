import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role } from '@carenet/core';
import { FileCapability } from '../registry/registry.types.js';
import { AdminUnitType } from '../admin-tree/admin-unit.types.js';
import { DateTime } from '../graphql/scalars.js';

registerEnumType(Role, { name: 'Role', description: 'CLERK enters and submits; APPROVER approves below; VIEWER reads; ADMIN manages users, keys and the tree.' });

export enum ViewerKind {
  USER = 'USER',
  API_KEY = 'API_KEY',
}
registerEnumType(ViewerKind, { name: 'ViewerKind' });

@ObjectType('Viewer', { description: 'Who is asking: a user or an API key, with its roles and the root of its scope.' })
export class ViewerType {
  @Field(() => ViewerKind) kind!: ViewerKind;
  @Field() name!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => AdminUnitType, { description: 'Everything the viewer may see is this unit and below.' }) unit!: unknown;
  @Field(() => [FileCapability], { description: 'What the viewer may do with the children\'s files of its subtree (none: counts only).' }) fileCapabilities!: string[];
}

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field() token!: string;
  @Field(() => DateTime) expiresAt!: Date;
  @Field(() => ViewerType) viewer!: ViewerType;
}

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field() username!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => ID) unitCode!: string;
}

@ObjectType('ApiKey')
export class ApiKeyType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ID) unitCode!: string;
}

@ObjectType('ApiKeyPayload')
export class ApiKeyPayloadType {
  @Field({ description: 'Shown once: only a hash is kept.' }) secret!: string;
  @Field(() => ApiKeyType) apiKey!: ApiKeyType;
}

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field() username!: string;
  @Field() password!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => ID) unitCode!: string;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field() name!: string;
  @Field(() => ID) unitCode!: string;
}
