import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { ImportQueueJob, QueueName, HandlerRegistry, dispatch, type HandlerMap } from '@carenet/queue';
import { ImportJobsService } from '@carenet/reporting';
import { SetupService } from '@carenet/setup';

/**
 * Imports started as jobs: one at a time per worker (they save on the two
 * connections of the bulk pool). A job whose worker died is taken up again
 * once its lock lapses (15 s) by the next stall check (5 s); the import saves
 * no row twice, even when two runs overlap (ImportJobsService.run).
 */
@Processor(QueueName.IMPORT, { concurrency: 1, lockDuration: 15_000, stalledInterval: 5000, maxStalledCount: 20 })
export class ImportProcessor extends WorkerHost {
  private readonly handlers: HandlerMap<ImportQueueJob>;

  constructor(
    registry: HandlerRegistry,
    private readonly imports: ImportJobsService,
    private readonly setup: SetupService,
  ) {
    super();
    this.handlers = {
      // an unexpected error is thrown back to the queue for another try, except on the last: then the job is FAILED
      [ImportQueueJob.RUN]: async ({ importJobId }, job) => ({ status: await this.imports.run(importJobId, { lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }) }),
      // the provinces the first-run setup chose after the first
      [ImportQueueJob.DIVISIONS]: async () => ({ loaded: await this.setup.loadRest() }),
    };
    registry.register(QueueName.IMPORT, this.handlers);
  }

  process(job: Job): Promise<unknown> {
    return dispatch(QueueName.IMPORT, this.handlers, job);
  }
}
