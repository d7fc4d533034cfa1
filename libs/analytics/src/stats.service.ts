import { Injectable } from '@nestjs/common';
import {
  addMonths,
  parsePeriod,
  parseUnitCode,
  periodToDate,
  pushTo,
  type Actor,
} from '@carenet/core';
import { AdminTreeService, type AdminUnit } from '@carenet/admin-tree';
import { IndicatorsRepository, IndicatorsService } from '@carenet/indicators';
import { StatsRepository, type StatsRow } from './stats.repository.js';
import { AnalyticsError, AnalyticsErrorReason } from './analytics.errors.js';

export type StatsBasis = 'APPROVED' | 'PROVISIONAL';

export interface Stats {
  unit: AdminUnit;
  period: string;
  basis: StatsBasis;
  values: { indicator: string; value: number }[];
  completeness: { expected: number; submitted: number; approved: number; onTime: number };
  computedAt: Date | null;
}

export interface Derived {
  monitoredChildren: number;
  redOrangeShare: number | null;
  subsidies: { indicator: string; eligible: number; paidFen: number; perChildFen: number | null; standardFen: number | null; belowStandard: boolean }[];
}

export const MAX_SERIES_MONTHS = 120;

/**
 * Statistics for officials, read from the rollup tables only (never summed
 * from raw reports on the fly): one statement per question.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly repo: StatsRepository,
    private readonly indicators: IndicatorsService,
    private readonly indicatorData: IndicatorsRepository,
    private readonly tree: AdminTreeService,
  ) {}

  async stats(actor: Actor, unitCode: string, period: string, basis: StatsBasis, only?: string[] | null): Promise<Stats> {
    parsePeriod(period);
    const key = parseUnitCode(unitCode, 'unitCode');
    const row = await this.repo.forCode(periodToDate(period), basis, key.code, key.depth);
    this.tree.requireVisible(actor, row?.unit, unitCode, 'unitCode');
    return this.shape(row!, period, basis, await this.filter(only, period));
  }

  /** One row per child unit (e.g. the 9 cities of a province), for a unit in scope. */
  async breakdown(actor: Actor, unitCode: string, period: string, basis: StatsBasis): Promise<Stats[]> {
    parsePeriod(period);
    const key = parseUnitCode(unitCode, 'unitCode');
    const [parent, ...children] = await this.repo.withChildren(periodToDate(period), basis, key.code, key.depth);
    this.tree.requireVisible(actor, parent?.unit, unitCode, 'unitCode');
    const codes = await this.filter(null, period);
    return children.map((c) => this.shape(c, period, basis, codes));
  }

  /** For units the caller may already see (AdminUnit.stats), batched. */
  async forUnits(units: { unitId: number; period: string; basis: StatsBasis }[]): Promise<Stats[]> {
    const groups = new Map<string, number[]>();
    for (const u of units) pushTo(groups, `${u.period}|${u.basis}`, u.unitId);
    const out: Stats[] = [];
    for (const [k, ids] of groups) {
      const [period, basis] = k.split('|') as [string, StatsBasis];
      const codes = await this.filter(null, period);
      for (const row of await this.repo.forIds(periodToDate(period), basis, [...new Set(ids)])) out.push(this.shape(row, period, basis, codes));
    }
    return out;
  }

  /**
   * Several indicators of one unit month by month (the approval view's sparklines, in one request): the
   * same series as timeSeries, the range and the unit checked once, at most 40 indicators.
   */
  async timeSeriesSet(actor: Actor, unitCode: string, indicators: string[], from: string, to: string, basis: StatsBasis): Promise<{ indicator: string; points: { period: string; value: number }[] }[]> {
    if (indicators.length > 40) throw new AnalyticsError(AnalyticsErrorReason.INVALID_RANGE, 'indicators: at most 40', 'indicators');
    const unique = [...new Set(indicators)];
    if (!unique.length) return [];
    const first = await this.timeSeries(actor, unitCode, unique[0]!, from, to, basis);
    const rest = await Promise.all(unique.slice(1).map((i) => this.timeSeries(actor, unitCode, i, from, to, basis)));
    return unique.map((indicator, n) => ({ indicator, points: n === 0 ? first : rest[n - 1]! }));
  }

  async timeSeries(actor: Actor, unitCode: string, indicator: string, from: string, to: string, basis: StatsBasis): Promise<{ period: string; value: number }[]> {
    parsePeriod(from, 'from');
    parsePeriod(to, 'to');
    if (to < from) throw new AnalyticsError(AnalyticsErrorReason.INVALID_RANGE, `to: ${to} is before from: ${from}`, 'to');
    if (addMonths(from, MAX_SERIES_MONTHS - 1) < to) {
      throw new AnalyticsError(AnalyticsErrorReason.INVALID_RANGE, `to: at most ${MAX_SERIES_MONTHS} months from ${from}`, 'to');
    }
    // an indicator on the form in either month of the range (added or retired within it)
    const known = (await this.indicators.catalogue(from)).byCode.has(indicator) || (await this.indicators.catalogue(to)).byCode.has(indicator);
    if (!known) throw new AnalyticsError(AnalyticsErrorReason.UNKNOWN_INDICATOR, `indicator: '${indicator.slice(0, 64)}' is not an indicator code`, 'indicator');
    const key = parseUnitCode(unitCode, 'unitCode');
    const row = await this.repo.forCode(periodToDate(to), basis, key.code, key.depth);
    const unit = this.tree.requireVisible(actor, row?.unit, unitCode, 'unitCode');
    return this.repo.timeSeries(unit.id, indicator, periodToDate(from), periodToDate(to), basis);
  }

  /** Figures officials ask for, derived from the sums: monitored children, the share at red/orange risk, subsidy per eligible child against the standard. */
  async derived(s: Stats): Promise<Derived> {
    const v = new Map(s.values.map((x) => [x.indicator, x.value]));
    const get = (c: string) => v.get(c) ?? 0;
    const monitored = get('RISK_RED') + get('RISK_ORANGE') + get('RISK_YELLOW') + get('RISK_GREEN');
    const province = s.unit.code.slice(0, 2).padEnd(12, '0');
    const standards = await this.indicatorData.subsidyStandards(province, periodToDate(s.period));
    return {
      monitoredChildren: monitored,
      redOrangeShare: monitored > 0 ? (get('RISK_RED') + get('RISK_ORANGE')) / monitored : null,
      subsidies: standards.map((st) => {
        const eligible = get(st.headcountIndicator);
        const paid = get(st.subsidyIndicator);
        const perChild = eligible > 0 ? Math.round(paid / eligible) : null;
        return { indicator: st.subsidyIndicator, eligible, paidFen: paid, perChildFen: perChild, standardFen: st.monthlyFen, belowStandard: perChild !== null && perChild < st.monthlyFen };
      }),
    };
  }

  private async filter(only: string[] | null | undefined, period?: string): Promise<string[]> {
    const { list, byCode } = await this.indicators.catalogue(period);
    if (!only || only.length === 0) return list.map((i) => i.code);
    const unknown = only.filter((c) => !byCode.has(c));
    if (unknown.length) {
      throw new AnalyticsError(AnalyticsErrorReason.UNKNOWN_INDICATOR, `indicators: not indicator codes: ${unknown.slice(0, 10).join(', ')}`, 'indicators');
    }
    return [...new Set(only)];
  }

  private shape(row: StatsRow, period: string, basis: StatsBasis, codes: string[]): Stats {
    const values = new Map(row.values.map((v) => [v.indicator, Number(v.value)]));
    return {
      unit: row.unit,
      period,
      basis,
      values: codes.map((c) => ({ indicator: c, value: values.get(c) ?? 0 })),
      completeness: { expected: row.expected, submitted: row.submitted, approved: row.approved, onTime: row.onTime },
      computedAt: row.computedAt,
    };
  }
}
