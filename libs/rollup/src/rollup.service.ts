import { Injectable } from '@nestjs/common';
import { addMonths, dateToPeriod, parsePeriod, periodToDate, pushTo } from '@carenet/core';
import { AdminTreeService } from '@carenet/admin-tree';
import { Transactions } from '@carenet/database';
import { RollupRepository } from './rollup.repository.js';
import { RollupVerifierRepository, type RollupDifference } from './rollup-verifier.repository.js';

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
 *
 * Coalesced: the transaction that recomputes a unit marks its parent pending
 * (rollup_pending), and a parent is recomputed only by the job that takes its
 * mark. A job that finds the mark gone stops there: whoever took it did so
 * after this job's change below had committed (the mark and the change commit
 * together), so that recompute saw it, and that job carries on upward. The
 * changed units themselves always recompute, so a retried job (its worker
 * died) starts over from the bottom and marks again.
 *
 * Set-based: a job's units are recomputed level by level, deepest first, each
 * level in one transaction of a few statements whatever its number of units
 * (their locks taken in unit order, so jobs sharing ancestors never deadlock).
 */
@Injectable()
export class RollupService {
  constructor(
    private readonly repo: RollupRepository,
    private readonly verifier: RollupVerifierRepository,
    private readonly tree: AdminTreeService,
    private readonly transactions: Transactions,
  ) {}

  /** Recomputes the unit, then each ancestor whose mark it takes; the number of units recomputed. */
  applyUnitChange(unitId: number, period: string): Promise<number> {
    return this.applyUnitsChange([unitId], period);
  }

  /**
   * `applyUnitChange` for many units of a month at once (the changes the
   * outbox relay sent together): level by level from the deepest, each level
   * one transaction that recomputes this job's changed units of that level
   * and those of their ancestors whose marks it takes, and marks their
   * parents. Units of one township share every level above it, so a wave's
   * changes recompute each upper level once per batch instead of once per
   * change. The number of units recomputed.
   */
  async applyUnitsChange(unitIds: number[], period: string): Promise<number> {
    const date = periodToDate(period);
    const paths = await this.repo.pathsOf([...new Set(unitIds)]);
    const parentOf = new Map<number, number | undefined>();
    const changed = new Map<number, number[]>();
    for (const path of paths) {
      for (const [i, id] of path.entries()) parentOf.set(id, path[i - 1]);
      pushTo(changed, path.length - 1, path.at(-1)!);
    }
    const waiting = new Map<number, Set<number>>();
    let recomputed = 0;
    for (let depth = Math.max(-1, ...changed.keys()); depth >= 0; depth--) {
      const own = changed.get(depth) ?? [];
      const above = [...(waiting.get(depth) ?? [])];
      if (own.length === 0 && above.length === 0) continue;
      const done = await this.transactions.run(async (m) => {
        const units = [...new Set([...own, ...above])];
        await this.repo.lock(m, units, date);
        const marked = await this.repo.takePending(m, units, date);
        const todo = [...new Set([...own, ...above.filter((id) => marked.has(id))])];
        await this.repo.recomputeUnits(m, todo, date);
        await this.repo.markPending(m, parentsOf(todo, parentOf), date);
        return todo;
      });
      recomputed += done.length;
      const parents = parentsOf(done, parentOf);
      if (parents.length > 0) waiting.set(depth - 1, new Set([...(waiting.get(depth - 1) ?? []), ...parents]));
    }
    return recomputed;
  }

  /** Carries on from marks that a job left when it died for good between two levels (a fallback; rare). */
  async sweepPending(olderThanSeconds = 60, limit = 1000): Promise<number> {
    const stale = await this.repo.stalePending(olderThanSeconds, limit);
    for (const p of stale) await this.applyUnitChange(p.unitId, p.period);
    return stale.length;
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
    const found = await this.verifier.differences(date, rootPath, opts.limit ?? 100);
    let repaired = false;
    if (found.total > 0 && opts.repair) {
      await this.verifier.repair(date, rootPath);
      repaired = true;
    }
    return { period: opts.period, scope, differences: found.total, sample: found.sample, repaired, seconds: (Date.now() - started) / 1000 };
  }

  /** The months the nightly verifier checks: the latest ones with reports, and last month. */
  async periodsToVerify(now = new Date()): Promise<string[]> {
    const last = addMonths(dateToPeriod(now), -1);
    return [...new Set([last, ...(await this.verifier.recentPeriods(3))])];
  }
}

function parentsOf(unitIds: number[], parentOf: Map<number, number | undefined>): number[] {
  return [...new Set(unitIds.map((id) => parentOf.get(id)).filter((p): p is number => p !== undefined))];
}
