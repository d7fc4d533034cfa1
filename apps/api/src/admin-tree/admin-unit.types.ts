import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UnitLevel } from '@carenet/admin-tree';
import { ConnectionType } from '../graphql/connection.js';
import { Period } from '../graphql/scalars.js';

registerEnumType(UnitLevel, { name: 'UnitLevel', description: 'The five levels of the administrative tree, root first.' });

@ObjectType('AdminUnit', { description: 'A unit of the administrative tree (province, city, county, township or village).' })
export class AdminUnitType {
  @Field(() => ID, { description: 'The 12-digit statistical code.' }) code!: string;
  @Field() name!: string;
  @Field(() => UnitLevel) level!: UnitLevel;
  @Field(() => Period, { description: 'The first month the unit existed in this form.' }) validFrom!: string;
  @Field(() => Period, { nullable: true, description: 'The last month it existed in this form; null while it still does.' })
  validTo!: string | null;
}

@ObjectType('AdminUnitConnection')
export class AdminUnitConnection extends ConnectionType(AdminUnitType, 'AdminUnit') {}
