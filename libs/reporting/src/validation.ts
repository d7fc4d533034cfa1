/**
 * The validation rules of a monthly report, as pure functions.
 *
 * Errors (E1–E4) block saving a report; warnings (W1–W3) block submitting it
 * until each has a written explanation. Every value is an exact non-negative
 * integer (money in fen), and a report holds one unit's own values for one month.
 */
import type { Indicator, IndicatorValue } from '@carenet/indicators';
import type { RuleFinding } from './violation.js';

/** The largest money value accepted (E1): 10^13 fen, i.e. 100 billion yuan. */
export const MONEY_MAX = 10_000_000_000_000;
/** The largest count accepted (E1). */
export const COUNT_MAX = 10_000_000;

/** The four risk grades of monitored children (E3, W3). */
const RISK_GRADES = ['RISK_RED', 'RISK_ORANGE', 'RISK_YELLOW', 'RISK_GREEN'] as const;
/** The headcounts the risk grades are drawn from (E3). */
const RISK_HEADCOUNTS = ['LEFT_BEHIND_CHILDREN', 'CHILDREN_IN_DIFFICULTY'] as const;
/** Beds that need at least one institution to stand in (E4): [beds, institutions]. */
const BEDS_AND_INSTITUTIONS = [
  ['WELFARE_BEDS', 'WELFARE_INSTITUTIONS'],
  ['PROTECTION_BEDS', 'PROTECTION_INSTITUTIONS'],
] as const;

/**
 * The indicators each fixed rule names (W1's come from the subsidy standards,
 * which are data). The catalogue refuses to retire one of them while its rule
 * stands.
 */
export const RULE_INDICATORS: Readonly<Record<'E3' | 'E4' | 'W3', readonly string[]>> = {
  E3: [...RISK_GRADES, ...RISK_HEADCOUNTS],
  E4: BEDS_AND_INSTITUTIONS.flat(),
  W3: ['RISK_RED', 'MANDATORY_REPORTS'],
};

/** W2: how many approved months of history are compared against. */
const OUTLIER_WINDOW = 12;
/** W2: fewer months of history than this and nothing is judged an outlier. */
const OUTLIER_MIN_HISTORY = 6;
/** W2: scales the MAD to a standard deviation for normally distributed data. */
const MAD_SCALE = 1.4826;
/** W2: how many (scaled) MADs away from the median counts as an outlier. */
const OUTLIER_MADS = 3;
/** W2: the smallest difference ever called an outlier, so small counts (0, 1, 2…) stay quiet. */
const OUTLIER_FLOOR = 5;

/** 10000000 → "10,000,000", independent of the runtime's locale. */
function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number for a message, with at most one decimal (3 × 1.4826 × 1 → 4.4). */
function plain(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** The value of an indicator, a missing one counting as 0. */
function valueOr0(values: ReadonlyMap<string, number>, code: string): number {
  return values.get(code) ?? 0;
}

function error(rule: 'E1' | 'E2' | 'E3' | 'E4', indicators: string[], message: string): RuleFinding {
  return { rule, severity: 'ERROR', indicators, message };
}

function warning(rule: 'W1' | 'W2' | 'W3', indicators: string[], message: string): RuleFinding {
  return { rule, severity: 'WARNING', indicators, message };
}

/** E1 for one value: a whole number from 0 to the indicator's maximum, or a finding. */
function checkRange(indicator: Indicator, value: number): RuleFinding | null {
  const ok = Number.isSafeInteger(value) && value >= 0 && value <= indicator.maxValue;
  if (ok) return null;
  const what = indicator.kind === 'MONEY' ? 'a whole number of fen' : 'a whole number';
  return error(
    'E1',
    [indicator.code],
    `${indicator.code}: must be ${what} from 0 to ${groupThousands(indicator.maxValue)}, got ${String(value)} (E1)`,
  );
}

/** "twice", "3 times"… */
function times(n: number): string {
  return n === 2 ? 'twice' : `${n} times`;
}

/**
 * E1 and E2 on a list of values as a unit at `level` entered them: each
 * indicator must be in the catalogue, entered at this level, listed once, and
 * hold a whole number in its range. Findings come in the order the indicators
 * are first listed; an unknown or wrong-level indicator gets only that finding.
 */
export function checkValues(
  values: IndicatorValue[],
  catalogue: ReadonlyMap<string, Indicator>,
  level: string,
): RuleFinding[] {
  const byCode = new Map<string, number[]>();
  for (const { indicator, value } of values) {
    const list = byCode.get(indicator);
    if (list) list.push(value);
    else byCode.set(indicator, [value]);
  }

  const findings: RuleFinding[] = [];
  for (const [code, entered] of byCode) {
    const indicator = catalogue.get(code);
    if (!indicator) {
      findings.push(error('E2', [code], `${code}: not an indicator in the catalogue; remove it or correct the code (E2)`));
      continue;
    }
    if (indicator.level !== level) {
      findings.push(error('E2', [code], `${code}: entered by ${indicator.level} units, not by this ${level} (E2)`));
      continue;
    }
    if (entered.length > 1) {
      findings.push(error('E2', [code], `${code}: listed ${times(entered.length)} in one report; keep a single value (E2)`));
    }
    const seen = new Set<string>();
    for (const value of entered) {
      const finding = checkRange(indicator, value);
      if (finding && !seen.has(finding.message)) {
        seen.add(finding.message);
        findings.push(finding);
      }
    }
  }
  return findings;
}

/**
 * E3 and E4, skipping a rule when one of its indicators is in `invalid`
 * (a value that failed E1/E2 is unknown, not 0, so the sum cannot be judged).
 */
function consistencyFindings(values: ReadonlyMap<string, number>, invalid: ReadonlySet<string>): RuleFinding[] {
  const findings: RuleFinding[] = [];

  const e3Codes = [...RISK_GRADES, ...RISK_HEADCOUNTS];
  if (RISK_GRADES.some((c) => values.has(c)) && !e3Codes.some((c) => invalid.has(c))) {
    const graded = RISK_GRADES.reduce((sum, c) => sum + valueOr0(values, c), 0);
    const headcount = RISK_HEADCOUNTS.reduce((sum, c) => sum + valueOr0(values, c), 0);
    if (graded > headcount) {
      findings.push(
        error(
          'E3',
          e3Codes,
          `${RISK_GRADES.join(' + ')} = ${graded} exceeds ${RISK_HEADCOUNTS.join(' + ')} = ${headcount} (E3)`,
        ),
      );
    }
  }

  for (const [beds, institutions] of BEDS_AND_INSTITUTIONS) {
    if (!values.has(beds) || invalid.has(beds) || invalid.has(institutions)) continue;
    const bedCount = valueOr0(values, beds);
    if (bedCount > 0 && valueOr0(values, institutions) === 0) {
      findings.push(
        error(
          'E4',
          [beds, institutions],
          `${beds}: ${bedCount} beds but ${institutions} = 0; enter the institutions or set the beds to 0 (E4)`,
        ),
      );
    }
  }
  return findings;
}

/**
 * E3 and E4 on one report's values: risk-graded children cannot outnumber the
 * left-behind children and children in difficulty they are drawn from, and
 * beds need an institution. A missing value counts as 0 (E3 only when a risk
 * grade is entered, E4 only when the beds are entered).
 */
export function checkConsistency(values: ReadonlyMap<string, number>): RuleFinding[] {
  return consistencyFindings(values, new Set());
}

/**
 * All errors of a save: E1/E2 on each value, then E3/E4 on the values that
 * passed E1/E2. Every finding of the request, not just the first. A rule of
 * E3/E4 that needs a value which failed E1/E2 is not judged (fix that value first).
 */
export function validateForSave(
  values: IndicatorValue[],
  catalogue: ReadonlyMap<string, Indicator>,
  level: string,
): RuleFinding[] {
  const valueFindings = checkValues(values, catalogue, level);
  const invalid = new Set(valueFindings.flatMap((f) => f.indicators));
  const passed = new Map<string, number>();
  for (const { indicator, value } of values) {
    if (!invalid.has(indicator)) passed.set(indicator, value);
  }
  return [...valueFindings, ...consistencyFindings(passed, invalid)];
}

/** A province's monthly living-subsidy standard per eligible child (W1). */
export interface SubsidyStandard {
  /** The county's subsidy paid this month, in fen. */
  subsidyIndicator: string;
  /** The children the subsidy is owed to. */
  headcountIndicator: string;
  /** Where the headcount is entered: summed over the county's villages, or the county's own value. */
  headcountSource: 'VILLAGES' | 'OWN';
  /** The standard per child per month, in fen. */
  monthlyFen: number;
}

/**
 * W1 on a county report: each subsidy paid must reach headcount × the monthly
 * standard. A subsidy not entered counts as 0; no warning when the headcount is 0.
 */
export function checkSubsidies(
  own: ReadonlyMap<string, number>,
  villageSums: ReadonlyMap<string, number>,
  standards: SubsidyStandard[],
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const s of standards) {
    const headcounts = s.headcountSource === 'VILLAGES' ? villageSums : own;
    const children = valueOr0(headcounts, s.headcountIndicator);
    if (children <= 0) continue;
    const owed = children * s.monthlyFen;
    const paid = valueOr0(own, s.subsidyIndicator);
    if (paid < owed) {
      findings.push(
        warning(
          'W1',
          [s.subsidyIndicator, s.headcountIndicator],
          `${s.subsidyIndicator}: ${paid} fen is below ${children} children × ${s.monthlyFen} fen = ${owed} fen (W1)`,
        ),
      );
    }
  }
  return findings;
}

/** The middle value of a list (the mean of the two middle ones for an even length); NaN for an empty list. */
export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The last 12 months of an oldest-first history, with the median and the allowed difference from it. */
function outlierBand(history: number[]): { months: number; median: number; tolerance: number } | null {
  const recent = history.slice(-OUTLIER_WINDOW);
  if (recent.length < OUTLIER_MIN_HISTORY) return null;
  const m = median(recent);
  const mad = median(recent.map((h) => Math.abs(h - m)));
  return { months: recent.length, median: m, tolerance: Math.max(OUTLIER_MADS * MAD_SCALE * mad, OUTLIER_FLOOR) };
}

/**
 * W2 core: is `x` far from the unit's own last 12 approved months (history
 * oldest-first)? Far means |x − median| > max(3 × 1.4826 × MAD, 5). With fewer
 * than 6 months of history nothing is an outlier.
 */
export function isRobustOutlier(history: number[], x: number): boolean {
  const band = outlierBand(history);
  return band !== null && Math.abs(x - band.median) > band.tolerance;
}

/** W2: one warning for each of the unit's values that is an outlier against its own history. */
export function checkOutliers(
  own: ReadonlyMap<string, number>,
  history: ReadonlyMap<string, number[]>,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const [code, x] of own) {
    const band = outlierBand(history.get(code) ?? []);
    if (band === null || Math.abs(x - band.median) <= band.tolerance) continue;
    findings.push(
      warning(
        'W2',
        [code],
        `${code}: ${x} is far from the median ${plain(band.median)} of the last ${band.months} approved months ` +
          `(allowed difference ${plain(band.tolerance)}); correct the value or explain the change (W2)`,
      ),
    );
  }
  return findings;
}

/**
 * W3 on a county report: the county's villages have red-grade children but the
 * county reports no mandatory-report leads (a missing value counts as 0).
 */
export function checkMandatoryReports(
  own: ReadonlyMap<string, number>,
  villageSums: ReadonlyMap<string, number>,
): RuleFinding[] {
  const red = valueOr0(villageSums, 'RISK_RED');
  if (red <= 0 || valueOr0(own, 'MANDATORY_REPORTS') !== 0) return [];
  return [
    warning(
      'W3',
      ['MANDATORY_REPORTS', 'RISK_RED'],
      `MANDATORY_REPORTS: 0 while the county's villages report RISK_RED = ${red}; ` +
        `enter the mandatory-report leads or explain why there were none (W3)`,
    ),
  ];
}

/** A clerk's written explanation of a warning, keyed by rule and the warning's first indicator. */
export interface Explanation {
  rule: string;
  indicator: string;
  text: string;
}

/**
 * The warnings that still lack an explanation: one matches when its rule and
 * indicator equal the warning's rule and first indicator and its text is not blank.
 */
export function unexplained(warnings: RuleFinding[], explanations: Explanation[]): RuleFinding[] {
  return warnings.filter(
    (w) =>
      !explanations.some(
        (e) => e.rule === w.rule && e.indicator === w.indicators[0] && typeof e.text === 'string' && e.text.trim() !== '',
      ),
  );
}
