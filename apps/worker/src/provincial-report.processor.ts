import { Inject } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { LOGGER, type Logger } from '@carenet/core';
import { ProvincialReportJob, QueueName, HandlerRegistry, dispatch, type HandlerMap } from '@carenet/queue';
import { ProvincialReportService } from '@carenet/rollup';

/** Builds the provincial report snapshot (after its child job has verified the province's rollups). */
@Processor(QueueName.PROVINCIAL_REPORT, { stalledInterval: 5000, maxStalledCount: 100 })
export class ProvincialReportProcessor extends WorkerHost {
  private readonly handlers: HandlerMap<ProvincialReportJob>;

  constructor(
    registry: HandlerRegistry,
    private readonly reports: ProvincialReportService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.handlers = {
      [ProvincialReportJob.BUILD]: async ({ provinceId, period, trigger }) => {
        const version = await this.reports.build(provinceId, period, trigger);
        this.logger.info({ provinceId, period, version }, 'provincial report built');
        return { version };
      },
    };
    registry.register(QueueName.PROVINCIAL_REPORT, this.handlers);
  }

  process(job: Job): Promise<unknown> {
    return dispatch(QueueName.PROVINCIAL_REPORT, this.handlers, job);
  }
}
