import { Inject } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { LOGGER, type Logger } from '@carenet/core';
import { QueueName, RollupJob, HandlerRegistry, dispatch, type HandlerMap } from '@carenet/queue';
import { RollupService } from '@carenet/rollup';
import { ChangeFeedService } from '@carenet/analytics';

/** Rollup jobs: incremental updates after a report changes, and the verifier. */
// a job whose worker died is taken up again within 5 s, however often that happens (it is idempotent)
@Processor(QueueName.ROLLUP, { concurrency: 4, stalledInterval: 5000, maxStalledCount: 100 })
export class RollupProcessor extends WorkerHost {
  private readonly handlers: HandlerMap<RollupJob>;

  constructor(
    registry: HandlerRegistry,
    private readonly rollups: RollupService,
    private readonly feed: ChangeFeedService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.handlers = {
      [RollupJob.UNIT_CHANGED]: async ({ unitId, period }) => {
        const levels = await this.rollups.applyUnitChange(unitId, period);
        // every status change comes through here, so the approved figures it changed get their feed numbers now
        return { levels, numbered: await this.feed.numberChanges() };
      },
      [RollupJob.UNITS_CHANGED]: async ({ unitIds, period }) => {
        const levels = await this.rollups.applyUnitsChange(unitIds, period);
        return { units: unitIds.length, levels, numbered: await this.feed.numberChanges() };
      },
      [RollupJob.SWEEP_PENDING]: async ({ olderThanSeconds }) => {
        const carried = await this.rollups.sweepPending(olderThanSeconds);
        if (carried > 0) this.logger.warn({ carried }, 'rollup: carried on from marks left by jobs that died between two levels');
        return { carried, numbered: carried > 0 ? await this.feed.numberChanges() : 0 };
      },
      [RollupJob.VERIFY]: async ({ period, provinceCode, provinceId, repair }) => {
        const periods = period ? [period] : await this.rollups.periodsToVerify();
        const results = [];
        for (const p of periods) {
          const r = await this.rollups.verify({ period: p, provinceCode, provinceId, repair });
          if (r.differences > 0) {
            this.logger.error({ period: p, scope: r.scope, differences: r.differences, repaired: r.repaired, sample: r.sample.slice(0, 5) }, 'ROLLUP VERIFIER found differences');
          } else {
            this.logger.info({ period: p, scope: r.scope, seconds: r.seconds }, 'rollup verifier: 0 differences');
          }
          results.push({ period: p, differences: r.differences, repaired: r.repaired });
        }
        // a tree change is verified here: its event and the figures it moved get their feed numbers now
        await this.feed.numberChanges();
        return results;
      },
    };
    registry.register(QueueName.ROLLUP, this.handlers);
  }

  process(job: Job): Promise<unknown> {
    return dispatch(QueueName.ROLLUP, this.handlers, job);
  }
}
