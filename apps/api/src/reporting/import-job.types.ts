import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ChildImportResultType } from '../registry/registry.types.js';
import { DateTime, Period } from '../graphql/scalars.js';
import { ImportFormat, ImportMode, ImportResultType } from './report.types.js';

export enum ImportJobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}
registerEnumType(ImportJobStatus, { name: 'ImportJobStatus', description: 'QUEUED (accepted, stored), RUNNING, DONE (see the result), FAILED (see error).' });

export enum ImportJobKind {
  REPORTS = 'REPORTS',
  REGISTRY = 'REGISTRY',
}
registerEnumType(ImportJobKind, { name: 'ImportJobKind', description: 'REPORTS: a month’s figures (importReports); REGISTRY: children’s files (importChildren).' });

@ObjectType('ImportJob', { description: 'An import running in the background; poll importJob(id) until DONE or FAILED.' })
export class ImportJobType {
  @Field(() => ID) id!: string;
  @Field(() => ImportJobKind) kind!: string;
  @Field(() => ImportJobStatus) status!: string;
  @Field(() => ID, { description: 'The unit the rows are under (12-digit code).' }) parentCode!: string;
  @Field(() => Period, { nullable: true, description: 'The month (REPORTS only).' }) period!: string | null;
  @Field(() => ImportMode) mode!: string;
  @Field(() => ImportFormat) format!: string;
  @Field(() => Int, { nullable: true, description: 'Data rows in the file; null until the worker has read it.' }) rowsTotal!: number | null;
  @Field(() => Int, { description: 'Rows finished so far (written every few hundred rows or half a second).' }) rowsDone!: number;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true }) startedAt!: Date | null;
  @Field(() => DateTime, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why a FAILED job failed (a file over a limit, not readable, …); nothing was saved unless the mode is VALID_ROWS.' })
  error!: string | null;
  @Field(() => ImportResultType, { nullable: true, description: 'A DONE REPORTS job: what importReports answers.' }) reportResult!: unknown;
  @Field(() => ChildImportResultType, { nullable: true, description: 'A DONE REGISTRY job: what importChildren answers.' }) registryResult!: unknown;
}
