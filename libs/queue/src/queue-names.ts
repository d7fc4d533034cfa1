/**
 * Every queue and job name in one place. Payload types are keyed by job name
 * so producers and processors agree at compile time, and the worker refuses
 * to start when a job name has no handler.
 */
export enum QueueName {
  SYSTEM = 'system',
}

export enum SystemJob {
  HEARTBEAT = 'system.heartbeat',
}

export interface JobPayloads {
  [SystemJob.HEARTBEAT]: Record<string, never>;
}

export type JobName = keyof JobPayloads;

export const JOBS_BY_QUEUE: Record<QueueName, readonly JobName[]> = {
  [QueueName.SYSTEM]: [SystemJob.HEARTBEAT],
};

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
