/**
 * Imports run as background jobs (import_jobs): the rules about them that
 * need no database. Pure: who may read a job, and when its progress is worth
 * writing down.
 */
import { isUuid, may, type Actor, type UnitRef } from '@carenet/core';

export type ImportJobKind = 'REPORTS' | 'REGISTRY';
export type ImportJobStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

/** A job as the rules see it: who started it and under which unit. */
export interface ImportJobOwner {
  actorKind: Actor['kind'];
  actorId: string;
  unit: UnitRef;
}

/**
 * The one who started a job reads it, and so does an administrator whose
 * subtree holds its unit; for anyone else the job does not exist.
 */
export function mayReadImportJob(actor: Actor, job: ImportJobOwner): boolean {
  if (actor.kind === job.actorKind && String(actor.id) === job.actorId) return true;
  return may(actor, 'ADMINISTER', job.unit);
}

/** Progress is written at most this often: every `rows` rows, or after `ms` milliseconds with a new row done. */
export interface ProgressPace {
  rows: number;
  ms: number;
}

export const PROGRESS_PACE: ProgressPace = { rows: 250, ms: 500 };

/** The progress last written: rows done, and when. */
export interface ProgressMark {
  done: number;
  at: number;
}

/**
 * Whether `done` of `total` rows is worth writing now: the first count (the
 * total becomes known), the last row, every `pace.rows` rows, or a new row
 * after `pace.ms`; never a count already written.
 */
export function progressDue(last: ProgressMark | undefined, done: number, total: number, now: number, pace: ProgressPace = PROGRESS_PACE): boolean {
  if (!last) return true;
  if (done <= last.done) return false;
  if (done >= total) return true;
  return done - last.done >= pace.rows || now - last.at >= pace.ms;
}

/** Job ids are UUIDs; anything else names no job (and is never sent to the database). */
export function isImportJobId(id: string): boolean {
  return isUuid(id);
}
