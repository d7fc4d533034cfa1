import { Injectable } from '@nestjs/common';
import { addMonths, dateToPeriod, parsePeriod, periodToDate } from '@carenet/core';
import { AdminTreeService } from '@carenet/admin-tree';
import { Transactions } from '@carenet/database';
import { RollupRepository, type RollupDifference } from './rollup.repository.js';

export interface VerifyResult {
  period: string;
  scope: string;
  differences: number;
  sample: RollupDifference[];
  repaired: boolean;
  seconds: number;
}

/**
 * Keeps the rollups current and proves them right.
 *
 * Exactly-once in effect: a job never adds to a total. It recomputes each unit
 * on the changed report's path, bottom-up, from that unit's own report and its
 * children's rollups, under a per-(unit, month) lock, each level committed
 * before the next is read. Running a job twice, or two workers running the
 * same one, recomputes the same numbers; the last recompute of any unit starts
 * after the last change below it has committed, so it sees every change.
 */
@Injectable()
export class RollupService {
  constructor(
    private readonly repo: RollupRepository,
    private readonly tree: AdminTreeService,
    private readonly transactions: Transactions,
  ) {}

  async applyUnitChange(unitId: number, period: string): Promise<number> {
    const date = periodToDate(period);
    const path = await this.repo.pathOf(unitId);
    for (const id of [...path].reverse()) {
      await this.transactions.run(async (m) => {
        await this.repo.lock(m, id, date);
        await this.repo.recomputeUnit(m, id, date);
      });
    }
    return path.length;
  }

  /** A full recompute of a month (one province, or all of China) compared with the rollups; repaired on request. */
  async verify(opts: { period: string; provinceCode?: string; provinceId?: number; repair?: boolean; limit?: number }): Promise<VerifyResult> {
    const started = Date.now();
    parsePeriod(opts.period);
    const date = periodToDate(opts.period);
    let rootPath: string | null = null;
    let scope = 'all of China';
    if (opts.provinceCode || opts.provinceId) {
      const province = opts.provinceId ? (await this.tree.unitsByIds([opts.provinceId]))[0]! : await this.tree.getUnit(opts.provinceCode!, opts.period, 'province');
      rootPath = province.pathIds.join('.');
      scope = `${province.name} (${province.code})`;
    }
    const found = await this.repo.differences(date, rootPath, opts.limit ?? 100);
    let repaired = false;
    if (found.total > 0 && opts.repair) {
      await this.repo.repair(date, rootPath);
      repaired = true;
    }
    return { period: opts.period, scope, differences: found.total, sample: found.sample, repaired, seconds: (Date.now() - started) / 1000 };
  }

  /** The months the nightly verifier checks: the latest ones with reports, and last month. */
  async periodsToVerify(now = new Date()): Promise<string[]> {
    const last = addMonths(dateToPeriod(now), -1);
    return [...new Set([last, ...(await this.repo.recentPeriods(3))])];
  }
}
