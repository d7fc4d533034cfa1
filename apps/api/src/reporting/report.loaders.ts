import DataLoader from 'dataloader';
import type { Report, ReportQueriesService } from '@carenet/reporting';

/** AdminUnit.report(period) for a list of units: one statement per distinct month. */
export class ReportLoaders {
  readonly byUnitAndPeriod: DataLoader<string, Report | null>;

  constructor(reports: ReportQueriesService) {
    this.byUnitAndPeriod = new DataLoader(async (keys) => {
      const parsed = keys.map((k) => {
        const [unitId, period] = k.split('|');
        return { unitId: Number(unitId), period: period! };
      });
      const found = await reports.reportsOf(parsed);
      const map = new Map(found.map((r) => [`${r.unitId}|${r.period}`, r]));
      return keys.map((k) => map.get(k) ?? null);
    });
  }
}
