import { Injectable } from '@nestjs/common';
import { checkPageSize, parsePeriod, periodToDate, type Actor } from '@carenet/core';
import type { ChildSummary } from './child.js';
import { MonitoringRepository, type MonitoringList } from './monitoring.repository.js';
import { requireCountAccess, requireFileAccess } from './registry-access.js';
import { AdminTreeService, type AdminUnit } from '@carenet/admin-tree';

export interface MonitoringEntry {
  child: ChildSummary;
  dueOn?: string;
  lastVisitOn?: string | null;
  /** YYYY-MM: the month, never the day. */
  turns18In?: string;
}

export interface HelperOverdue {
  helperName: string | null;
  helperRole: string | null;
  overdue: number;
  children: MonitoringEntry[];
}

const MAX_LIST = 500;

/**
 * Dynamic monitoring per unit and month (as of its last day): the grade
 * transition matrix and the sizes of the lists are counts (anyone who may
 * read the unit); the lists name children (county and below only).
 */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly repo: MonitoringRepository,
    private readonly tree: AdminTreeService,
  ) {}

  /** Checks the caller may read the unit's counts (the root of registryMonitoring). */
  async check(actor: Actor, unitCode: string, period: string): Promise<{ unitCode: string; period: string }> {
    const unit = await this.unit(actor, unitCode, period, 'COUNTS');
    return { unitCode: unit.code, period };
  }

  async gradeTransitions(actor: Actor, unitCode: string, period: string) {
    const unit = await this.unit(actor, unitCode, period, 'COUNTS');
    return this.repo.transitions(periodToDate(period), unit.pathIds.join('.'));
  }

  async summary(actor: Actor, unitCode: string, period: string) {
    const unit = await this.unit(actor, unitCode, period, 'COUNTS');
    const d = periodToDate(period);
    const [reassessmentsDue, visitsOverdue, turning18NextMonth, withoutHelper] = await Promise.all(
      (['reassessments', 'visits', 'turning18', 'withoutHelper'] as const).map((l) => this.repo.count(l, d, unit.pathIds.join('.'))),
    );
    return { reassessmentsDue, visitsOverdue, turning18NextMonth, withoutHelper };
  }

  async list(actor: Actor, list: MonitoringList, unitCode: string, period: string, first?: number | null): Promise<MonitoringEntry[]> {
    const unit = await this.unit(actor, unitCode, period, 'FILES');
    const rows = await this.repo.rows(list, periodToDate(period), unit.pathIds.join('.'), checkPageSize(first, MAX_LIST, 100));
    return rows.map(shape);
  }

  /** Overdue visits grouped by the helper responsible (no helper: one group with a null name). */
  async visitsOverdueByHelper(actor: Actor, unitCode: string, period: string): Promise<HelperOverdue[]> {
    const unit = await this.unit(actor, unitCode, period, 'FILES');
    const rows = await this.repo.rows('visits', periodToDate(period), unit.pathIds.join('.'), 10_000);
    const groups = new Map<string, HelperOverdue>();
    for (const r of rows) {
      const key = `${r.helperName ?? ''}|${r.helperRole ?? ''}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { helperName: r.helperName, helperRole: r.helperRole, overdue: 0, children: [] }));
      g.overdue++;
      g.children.push(shape(r));
    }
    return [...groups.values()].sort((a, b) => b.overdue - a.overdue || String(a.helperName).localeCompare(String(b.helperName)));
  }

  private async unit(actor: Actor, unitCode: string, period: string, need: 'COUNTS' | 'FILES'): Promise<AdminUnit> {
    parsePeriod(period);
    if (need === 'FILES') {
      const unit = await this.tree.visibleUnitInTree(actor, unitCode, period, 'unitCode');
      requireFileAccess(actor, unit, 'LIST');
      return unit;
    }
    const unit = await this.tree.visibleUnitInTree(actor, unitCode, period, 'unitCode');
    requireCountAccess(actor, unit);
    return unit;
  }
}

function shape(r: Record<string, any>): MonitoringEntry {
  const { child_id: _c, dueOn, lastVisitOn, turns18In, helperName: _h, helperRole: _r, ...child } = r;
  return { child: child as ChildSummary, dueOn, lastVisitOn, turns18In };
}
