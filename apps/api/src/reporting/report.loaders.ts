import DataLoader from 'dataloader';
import type { Actor } from '@carenet/core';
import type { Report, ReportQueriesService, WorkflowAction } from '@carenet/reporting';

/** AdminUnit.report(period) for a list of units: one statement per distinct month. */
export class ReportLoaders {
  readonly byUnitAndPeriod: DataLoader<string, Report | null>;
  /** Report.dueAt for a list of reports: one read per distinct province, level and month. */
  readonly dueAt: DataLoader<Report, Date, number>;
  private actionLoader?: DataLoader<Report, WorkflowAction[], string>;

  constructor(private readonly reports: ReportQueriesService) {
    this.byUnitAndPeriod = new DataLoader(async (keys) => {
      const parsed = keys.map((k) => {
        const [unitId, period] = k.split('|');
        return { unitId: Number(unitId), period: period! };
      });
      const found = await reports.reportsOf(parsed);
      const map = new Map(found.map((r) => [`${r.unitId}|${r.period}`, r]));
      return keys.map((k) => map.get(k) ?? null);
    });
    this.dueAt = new DataLoader((list) => reports.dueAtOf(list), { cacheKeyFn: (r) => r.id });
  }

  /** Report.actions for a list of reports: a few statements per month for the whole list (the request’s one actor; a report changed by a mutation of the same request is asked again). */
  actions(actor: Actor): DataLoader<Report, WorkflowAction[], string> {
    return (this.actionLoader ??= new DataLoader((list) => this.reports.actionsOf(actor, list), { cacheKeyFn: (r) => `${r.id}|${r.version}` }));
  }
}
