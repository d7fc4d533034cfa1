import DataLoader from 'dataloader';
import type { Stats, StatsBasis, StatsService } from '@carenet/analytics';

/** AdminUnit.stats(period, basis) for a list of units: one statement per distinct month and basis. */
export class StatsLoaders {
  readonly byUnit: DataLoader<string, Stats | null>;

  constructor(stats: StatsService) {
    this.byUnit = new DataLoader(async (keys) => {
      const parsed = keys.map((k) => {
        const [unitId, period, basis] = k.split('|');
        return { unitId: Number(unitId), period: period!, basis: basis as StatsBasis };
      });
      const found = await stats.forUnits(parsed);
      const map = new Map(found.map((s) => [`${s.unit.id}|${s.period}|${s.basis}`, s]));
      return keys.map((k) => map.get(k) ?? null);
    });
  }
}
