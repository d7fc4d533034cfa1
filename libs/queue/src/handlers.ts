import type { Job } from 'bullmq';
import { JOBS_BY_QUEUE, type JobName, type JobPayloads, type QueueName } from './queue-names.js';

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<unknown>;
export type HandlerMap<Names extends JobName> = { [N in Names]: JobHandler<N> };

/** The worker refuses to start when a job name of a queue has no handler. */
export function assertHandlersCover(queue: QueueName, handlers: Partial<Record<JobName, unknown>>): void {
  const missing = JOBS_BY_QUEUE[queue].filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(`queue '${queue}': no handler for job(s) ${missing.join(', ')}; the worker will not start`);
  }
}

/** Runs the handler registered for the job's name; an unknown name fails the job (kept for inspection). */
export async function dispatch(queue: QueueName, handlers: Partial<Record<JobName, unknown>>, job: Job): Promise<unknown> {
  const handler = handlers[job.name as JobName] as JobHandler<JobName> | undefined;
  if (!handler) throw new Error(`queue '${queue}': no handler for job '${job.name}'`);
  return handler(job.data, job);
}
