/**
 * Figures shaped like the programme (docs/domain.md §7), deterministic for a seed
 * and a unit: most village counts small and skewed with many zeros, about 40%
 * of villages with a child-care site, county subsidies near headcount ×
 * standard, and a few outliers.
 */

/** A small seeded generator (mulberry32) with the draws the figures need. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  /** Poisson(mean), by inversion (the means here are small). */
  poisson(mean: number): number {
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l && k < 10_000);
    return k - 1;
  }
  /** Skewed counts: zero with probability `zero`, else a geometric draw around `mean`. */
  skewed(zero: number, mean: number): number {
    if (this.chance(zero)) return 0;
    return 1 + Math.floor(Math.log(1 - this.next()) / Math.log(1 - 1 / mean));
  }
}

/** A seed for one unit and month, so figures do not depend on the order units are visited in. */
export function unitSeed(seed: number, code: string, period: string): number {
  let h = 2166136261 ^ seed;
  for (const c of `${code}|${period}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

export type Figures = { indicator: string; value: number }[];

export function villageFigures(r: Random): Figures {
  const outlier = r.chance(0.002) ? 10 : 1;
  const lbc = r.skewed(0.3, 7) * outlier;
  const cid = r.skewed(0.55, 2.5);
  const monitored = lbc + cid;
  const red = monitored > 0 && r.chance(0.08) ? 1 : 0;
  const orange = Math.min(monitored - red, r.chance(0.15) ? 1 + r.int(2) : 0);
  const yellow = Math.min(monitored - red - orange, r.int(3));
  const green = Math.max(0, monitored - red - orange - yellow - r.int(2));
  return [
    { indicator: 'LEFT_BEHIND_CHILDREN', value: lbc },
    { indicator: 'CHILDREN_IN_DIFFICULTY', value: cid },
    { indicator: 'ORPHANS_SCATTERED', value: r.chance(0.25) ? 1 + r.int(2) : 0 },
    { indicator: 'DEFACTO_UNSUPPORTED', value: r.poisson(0.9) },
    { indicator: 'RISK_RED', value: red },
    { indicator: 'RISK_ORANGE', value: orange },
    { indicator: 'RISK_YELLOW', value: yellow },
    { indicator: 'RISK_GREEN', value: green },
    { indicator: 'HOME_VISITS', value: r.poisson(20) * outlier },
    { indicator: 'GUARDIANSHIP_AGREEMENTS', value: r.skewed(0.6, 2) },
    { indicator: 'CHILD_HOMES', value: r.chance(0.4) ? 1 : 0 },
    { indicator: 'CHILD_DIRECTORS', value: r.chance(0.97) ? 1 : 0 },
  ];
}

export function townshipFigures(r: Random): Figures {
  return [{ indicator: 'CHILD_SUPERVISORS', value: 1 + r.int(3) }];
}

/**
 * A county's own figures. Subsidies are the county's headcounts (the village
 * sums it is given, and its own institutional orphans) × the standard, and a
 * few counties pay a little less (a W1 warning to explain).
 */
export function countyFigures(r: Random, villageSums: Map<string, number>, standards: { scattered: number; defacto: number; institutional: number }): Figures {
  const short = r.chance(0.05) ? 0.9 : 1;
  const institutional = r.poisson(20);
  const welfare = r.chance(0.85) ? 1 : 0;
  const protection = r.chance(0.3) ? 1 : 0;
  return [
    { indicator: 'MANDATORY_REPORTS', value: r.poisson(3) + ((villageSums.get('RISK_RED') ?? 0) > 0 ? 1 : 0) },
    { indicator: 'TEMPORARY_GUARDIANSHIP', value: r.poisson(2) },
    { indicator: 'ASSISTANCE_CASES', value: r.poisson(440) },
    { indicator: 'DROPOUTS_RETURNED', value: r.poisson(6) },
    { indicator: 'PARENTS_RETURNED', value: r.poisson(54) },
    { indicator: 'ORPHANS_INSTITUTIONAL', value: institutional },
    { indicator: 'WELFARE_INSTITUTIONS', value: welfare },
    { indicator: 'WELFARE_BEDS', value: welfare ? 60 + r.int(80) : 0 },
    { indicator: 'PROTECTION_INSTITUTIONS', value: protection },
    { indicator: 'PROTECTION_BEDS', value: protection ? 40 + r.int(60) : 0 },
    { indicator: 'SUBSIDY_INSTITUTIONAL_FEN', value: Math.round(institutional * standards.institutional * short) },
    { indicator: 'SUBSIDY_SCATTERED_FEN', value: Math.round((villageSums.get('ORPHANS_SCATTERED') ?? 0) * standards.scattered * short) },
    { indicator: 'SUBSIDY_DEFACTO_FEN', value: Math.round((villageSums.get('DEFACTO_UNSUPPORTED') ?? 0) * standards.defacto * short) },
  ];
}
