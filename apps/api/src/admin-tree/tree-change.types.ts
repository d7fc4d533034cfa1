import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TreeChangeKind } from '@carenet/admin-tree';
import { Period } from '../graphql/scalars.js';

registerEnumType(TreeChangeKind, { name: 'TreeChangeKind', description: 'What a tree change does.' });

@InputType('SplitPartInput')
export class SplitPartInput {
  @Field(() => ID, { description: 'The new unit’s 12-digit code.' }) code!: string;
  @Field() name!: string;
  @Field(() => [ID], { description: 'The units directly below the split unit that go to this part; each goes to exactly one part.' }) childCodes!: string[];
}

@InputType('TreeChangeInput', { description: 'One change to the tree, effective from a month (the fields each kind needs are listed on them).' })
export class TreeChangeInputType {
  @Field(() => TreeChangeKind) kind!: TreeChangeKind;
  @Field(() => Period, { description: 'The first month of the new tree (RETIRE: the first month without the unit).' }) effective!: string;
  @Field(() => ID, { nullable: true, description: 'RENAME, MOVE, SPLIT, RETIRE: the unit changed.' }) unitCode?: string;
  @Field(() => [ID], { nullable: true, description: 'MERGE: the units merged away.' }) unitCodes?: string[];
  @Field(() => ID, { nullable: true, description: 'MERGE into an existing unit.' }) intoCode?: string;
  @Field(() => ID, { nullable: true, description: 'MOVE: the new parent; CREATE, MERGE into a new unit: its parent (MERGE: default the first unit’s parent).' })
  newParentCode?: string;
  @Field(() => ID, { nullable: true, description: 'CREATE, MERGE into a new unit: its 12-digit code.' }) code?: string;
  @Field({ nullable: true, description: 'CREATE, RENAME, MERGE into a new unit: the name.' }) name?: string;
  @Field(() => [SplitPartInput], { nullable: true, description: 'SPLIT: the parts; the first keeps the split unit’s own reports, users and API keys.' })
  parts?: SplitPartInput[];
}

@ObjectType('TreeChangeUnit')
export class TreeChangeUnit {
  @Field(() => ID) code!: string;
  @Field() name!: string;
  @Field() level!: string;
  @Field(() => ID, { nullable: true, description: 'Units created: their parent.' }) parentCode?: string | null;
}

@ObjectType('TreeChangeReports')
export class TreeChangeReports {
  @Field(() => Period) period!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('TreeChangeHomed', { description: 'A user or API key homed in a changed unit: where it goes (null: disabled or revoked with a retired unit).' })
export class TreeChangeHomed {
  @Field() name!: string;
  @Field(() => ID) fromCode!: string;
  @Field(() => ID, { nullable: true }) toCode!: string | null;
}

@ObjectType('TreeChangeFiles', { description: 'Registry files that follow a village to its successor: who keeps them, and where the child lives from the change on.' })
export class TreeChangeFiles {
  @Field(() => ID) fromCode!: string;
  @Field(() => ID) toCode!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('TreeChangeSummary', { description: 'What a tree change touches; the preview and the applied change list the same.' })
export class TreeChangeSummaryType {
  @Field(() => TreeChangeKind) kind!: TreeChangeKind;
  @Field(() => Period) effective!: string;
  @Field(() => [TreeChangeUnit], { description: 'Units whose span ends the month before the change.' }) unitsEnded!: TreeChangeUnit[];
  @Field(() => [TreeChangeUnit], { description: 'Units that begin with the change (successors and new units).' }) unitsCreated!: TreeChangeUnit[];
  @Field(() => [TreeChangeReports], { description: 'Reports of the change’s month and later that now belong to a successor, by month.' }) reports!: TreeChangeReports[];
  @Field(() => [TreeChangeHomed]) users!: TreeChangeHomed[];
  @Field(() => [TreeChangeHomed]) apiKeys!: TreeChangeHomed[];
  @Field(() => [Period], { description: 'Months whose rollups are recomputed (queued) and verified.' }) rollupMonths!: string[];
  @Field(() => [TreeChangeFiles], { description: 'Registry files that follow their village to its successor, per village (a retire is refused while open files remain).' })
  registryFiles!: TreeChangeFiles[];
}

@ObjectType('TreeChangePreview')
export class TreeChangePreviewType {
  @Field(() => TreeChangeSummaryType) summary!: TreeChangeSummaryType;
  @Field({ description: 'Pass to applyTreeChange: it applies only while the change still touches exactly this.' }) fingerprint!: string;
}

@ObjectType('TreeChange')
export class TreeChangeType extends TreeChangePreviewType {
  @Field(() => ID) id!: string;
}

@ObjectType('UnitLineage', { description: 'A unit this one continues (predecessor) or that continues it (successor).' })
export class UnitLineageType {
  @Field(() => ID) code!: string;
  @Field() name!: string;
  @Field() level!: string;
  @Field(() => Period) validFrom!: string;
  @Field(() => Period, { nullable: true }) validTo!: string | null;
  @Field({ description: 'RENAME, MOVE, MERGE or SPLIT.' }) kind!: string;
}
