/**
 * Every queue and job name in one place. Payload types are keyed by job name
 * so producers and processors agree at compile time, and the worker refuses
 * to start when a job name has no handler.
 */
export enum QueueName {
  SYSTEM = 'system',
  ROLLUP = 'rollup',
  PROVINCIAL_REPORT = 'provincial-report',
  IMPORT = 'import',
  NOTIFICATIONS = 'notifications',
}

export enum SystemJob {
  HEARTBEAT = 'system.heartbeat',
  DEADLINES = 'system.deadlines',
  /** Published outbox rows older than a week are removed. */
  PRUNE_OUTBOX = 'system.prune-outbox',
  /** Approved figures changed since the last run get their numbers in the sync feed. */
  NUMBER_FEED = 'system.number-feed',
}

export enum RollupJob {
  /** A report of this unit changed status: recompute the unit and its ancestors. */
  UNIT_CHANGED = 'rollup.unit-changed',
  /** Reports of these units changed status (the outbox rows the relay sent together): each unit recomputed, each ancestor once. */
  UNITS_CHANGED = 'rollup.units-changed',
  /** Full recompute of a month from the raw reports, compared with the rollups (and repaired). */
  VERIFY = 'rollup.verify',
  /** Marks of pending recomputes older than a minute (a job died for good between two levels) are carried on. */
  SWEEP_PENDING = 'rollup.sweep-pending',
}

export enum ProvincialReportJob {
  BUILD = 'provincial-report.build',
}

export enum ImportQueueJob {
  /** Runs one stored import job (import_jobs row); the row holds the file, so the payload is only its id. */
  RUN = 'import.run',
  /** Loads the provinces the first-run setup chose after the first (setup_province rows), one after another. */
  DIVISIONS = 'import.divisions',
}

export enum NotificationJob {
  /** Find due events (returned reports, escalations, deadlines, the daily digest) and create their notifications. */
  SCAN = 'notifications.scan',
  /** Deliver one notification on one channel. */
  DELIVER = 'notifications.deliver',
}

export interface JobPayloads {
  [SystemJob.HEARTBEAT]: Record<string, never>;
  [SystemJob.DEADLINES]: { now?: string };
  [SystemJob.PRUNE_OUTBOX]: { olderThanDays?: number };
  [SystemJob.NUMBER_FEED]: Record<string, never>;
  [RollupJob.UNIT_CHANGED]: { unitId: number; period: string };
  [RollupJob.UNITS_CHANGED]: { unitIds: number[]; period: string };
  [RollupJob.VERIFY]: { period?: string; provinceCode?: string; provinceId?: number; repair: boolean };
  [RollupJob.SWEEP_PENDING]: { olderThanSeconds?: number };
  [ProvincialReportJob.BUILD]: { provinceId: number; period: string; trigger: string };
  [ImportQueueJob.RUN]: { importJobId: string };
  [ImportQueueJob.DIVISIONS]: Record<string, never>;
  [NotificationJob.SCAN]: { now?: string };
  [NotificationJob.DELIVER]: { notificationId: number; channel: 'EMAIL' | 'WEBHOOK' };
}

export type JobName = keyof JobPayloads;

export const JOBS_BY_QUEUE: Record<QueueName, readonly JobName[]> = {
  [QueueName.SYSTEM]: [SystemJob.HEARTBEAT, SystemJob.DEADLINES, SystemJob.PRUNE_OUTBOX, SystemJob.NUMBER_FEED],
  [QueueName.ROLLUP]: [RollupJob.UNIT_CHANGED, RollupJob.UNITS_CHANGED, RollupJob.VERIFY, RollupJob.SWEEP_PENDING],
  [QueueName.PROVINCIAL_REPORT]: [ProvincialReportJob.BUILD],
  [QueueName.IMPORT]: [ImportQueueJob.RUN, ImportQueueJob.DIVISIONS],
  [QueueName.NOTIFICATIONS]: [NotificationJob.SCAN, NotificationJob.DELIVER],
};

/**
 * What every job gets, however it is added (the worker's queues, the relay's
 * producers, a flow's jobs): one that fails on something unexpected (the
 * database connection dropped a moment) is tried again with backoff; jobs
 * are idempotent, so a second run changes nothing the first did.
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: false,
};

/**
 * Options the outbox relay gives the jobs of a queue, on top of their id and DEFAULT_JOB_OPTIONS. An
 * import job that fails on something unexpected (the database gone for a
 * moment) is tried again a few times; it saves no row twice.
 */
export const JOB_OPTIONS_BY_QUEUE: Partial<Record<QueueName, { attempts: number; backoff: { type: 'exponential'; delay: number } }>> = {
  [QueueName.IMPORT]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
};

export function queueOf(job: JobName): QueueName {
  return (Object.keys(JOBS_BY_QUEUE) as QueueName[]).find((q) => JOBS_BY_QUEUE[q].includes(job))!;
}

/**
 * BullMQ key prefix. The braces make a Redis Cluster hash tag: every key of
 * every queue hashes to one slot, which BullMQ's multi-key scripts need.
 */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}}`;
}

export const HEARTBEAT_KEY = (redisPrefix: string) => `${queuePrefix(redisPrefix)}:worker:heartbeat`;
export const HEARTBEAT_EVERY_MS = 15_000;

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
