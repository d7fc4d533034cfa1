import { Injectable } from '@nestjs/common';
import { checkPageSize, parsePeriod, periodToDate, type Actor } from '@carenet/core';
import { requireCountAccess } from './registry-access.js';
import { REGISTRY_INDICATORS, RegistryCountsRepository } from './registry-counts.repository.js';
import { AdminTreeService, type AdminUnit } from '@carenet/admin-tree';
import type { IndicatorValue } from './registry-difference.js';

/** What the counts need of a unit (a unit of the tree, or the one a report is for). */
export type CountedUnit = Pick<AdminUnit, 'id' | 'code' | 'name' | 'level' | 'depth' | 'pathIds'>;

export interface RegistryCounts {
  unit: CountedUnit;
  period: string;
  /** Every indicator the registry answers, summed over the unit's subtree (0 included). */
  values: IndicatorValue[];
  /** Those entered at the unit's own level: what its report's form can take, and what W4 compares. */
  reportValues: IndicatorValue[];
  /** KEPT: from the counts kept for the month (current with every change); FILES: counted from the files for this answer. */
  source: 'KEPT' | 'FILES';
}

export interface RegistryDifference {
  unitCode: string;
  status: string;
  indicator: string;
  reported: number;
  registry: number;
}

/** The monthly counts that the files give, as of each month's last day. */
@Injectable()
export class RegistryCountsService {
  private levels?: Promise<Map<string, string>>;

  constructor(
    private readonly repo: RegistryCountsRepository,
    private readonly tree: AdminTreeService,
  ) {}

  /** Counts only, never names: anyone who may read the unit's reports, API keys included. */
  async registryCounts(actor: Actor, unitCode: string, period: string): Promise<RegistryCounts> {
    parsePeriod(period);
    const unit = await this.tree.visibleUnitInTree(actor, unitCode, period, 'unitCode');
    requireCountAccess(actor, unit);
    return this.countsOf(unit, period);
  }

  /**
   * For the workflow (no actor: the caller has checked scope): the registry's
   * figures for a unit's own report, to offer at entry and compare at submit
   * (`checkRegistryDifference(values, figures)`); null when the unit's county
   * keeps no files, so W4 does not apply.
   */
  async figuresForReport(unitId: number, period: string): Promise<IndicatorValue[] | null> {
    const unit = await this.repo.reportUnit(unitId);
    // a county that keeps no files yet is not compared (every figure would differ from an empty registry)
    if (!unit || !unit.inUse) return null;
    return (await this.countsOf(unit, period)).reportValues;
  }

  async countsOf(unit: CountedUnit, period: string): Promise<RegistryCounts> {
    const periodDate = periodToDate(period);
    const kept = await this.repo.isKept(periodDate);
    const got = kept ? await this.repo.kept(periodDate, unit.id) : await this.repo.fromFiles(periodDate, unit.pathIds.join('.'));
    const values = REGISTRY_INDICATORS.map((indicator) => ({ indicator, value: got.get(indicator) ?? 0 }));
    const levels = await this.indicatorLevels();
    return { unit, period, values, reportValues: values.filter((v) => levels.get(v.indicator) === unit.level), source: kept ? 'KEPT' : 'FILES' };
  }

  /** Keeps a month's counts for the whole tree (set-based); later file changes keep them current. */
  async keepMonth(period: string): Promise<{ rows: number; seconds: number }> {
    parsePeriod(period);
    const t = performance.now();
    const rows = await this.repo.keepMonth(periodToDate(period));
    return { rows, seconds: (performance.now() - t) / 1000 };
  }

  /** Rewrites what every file counts for from the history rows (the repair when the verifier finds kept counts off). */
  async rebuildFacts(): Promise<{ rows: number; seconds: number }> {
    const t = performance.now();
    const rows = await this.repo.rebuildFacts();
    return { rows, seconds: (performance.now() - t) / 1000 };
  }

  /** Kept counts against a recompute from the files (should be none; none either when the month is not kept). */
  async keptDifferences(period: string, limit = 50) {
    parsePeriod(period);
    if (!(await this.repo.isKept(periodToDate(period)))) return [];
    return this.repo.keptDifferences(periodToDate(period), limit);
  }

  /** Submitted and approved reports in a unit's subtree whose figures differ from the registry's, per unit and indicator. */
  async differences(actor: Actor | null, unitCode: string, period: string, first?: number | null): Promise<RegistryDifference[]> {
    parsePeriod(period);
    const unit = actor ? await this.tree.visibleUnitInTree(actor, unitCode, period, 'unitCode') : await this.tree.unitInTree(unitCode, period, 'unitCode');
    if (!unit) return [];
    if (actor) requireCountAccess(actor, unit);
    return this.repo.reportDifferences(periodToDate(period), unit.pathIds.join('.'), REGISTRY_INDICATORS, checkPageSize(first, 10_000, 100));
  }

  private indicatorLevels(): Promise<Map<string, string>> {
    this.levels ??= this.repo.indicatorLevels(REGISTRY_INDICATORS);
    return this.levels;
  }
}
