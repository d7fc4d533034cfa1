import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum SetupProvinceStatusType {
  WAITING = 'WAITING',
  LOADING = 'LOADING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}
registerEnumType(SetupProvinceStatusType, { name: 'SetupProvinceStatus' });

@ObjectType('ProvinceChoice')
export class ProvinceChoiceType {
  @Field({ description: '2 digits, as in the tree (52: Guizhou).' }) code!: string;
  @Field() name!: string;
}

@ObjectType('SetupState', { description: 'Whether this carenet still needs its first-run setup (no user exists).' })
export class SetupStateType {
  @Field() needed!: boolean;
  @Field(() => [ProvinceChoiceType], { description: 'The provinces of the real tree that may be loaded; empty once setup is over.' })
  provinces!: ProvinceChoiceType[];
}

@InputType('SetUpInput')
export class SetUpInput {
  @Field({ description: "The first administrator's username." }) username!: string;
  @Field({ description: 'The password policy of every user applies.' }) password!: string;
  @Field(() => [String], { description: "2-digit province codes to load; the first is the administrator's own." }) provinces!: string[];
}

@ObjectType('SetupProvince')
export class SetupProvinceType {
  @Field() province!: string;
  @Field() name!: string;
  @Field(() => SetupProvinceStatusType) status!: SetupProvinceStatusType;
  @Field(() => String, { nullable: true, description: "'read' (rows of the tree read) or 'insert' (units added) while loading." }) phase!: string | null;
  @Field(() => Int) done!: number;
  @Field(() => Int, { nullable: true, description: 'Unknown while reading.' }) total!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
}
