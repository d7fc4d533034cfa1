import type { UnitLevel } from '@carenet/admin-tree';

/** How a figure is counted: people and things, or money in fen (1/100 yuan). */
export type IndicatorKind = 'COUNT' | 'MONEY';

/** One row of the indicator catalogue (a table: a province can add one without a release). */
export interface Indicator {
  code: string;
  nameZh: string;
  nameEn: string;
  /** persons, person-times, count, sites, beds, cases, fen */
  unit: string;
  kind: IndicatorKind;
  /** The level whose units enter it; every level above receives the sum. */
  level: UnitLevel;
  /** The largest value accepted (E1): 10,000,000 for counts, 10^13 fen for money. */
  maxValue: number;
  sortOrder: number;
  /** A heading the form groups indicators under; null when none was given. */
  group?: string | null;
  /** The first month the indicator is on the form (`YYYY-MM`). */
  validFrom?: string;
  /** The last month it is on the form, once retired (`YYYY-MM`); null while in force. */
  validTo?: string | null;
}

/** A unit's own figure for one indicator. */
export interface IndicatorValue {
  indicator: string;
  value: number;
}
