/**
 * The checks of a catalogue change, as plain functions of its input and of
 * what the catalogue holds: each returns the problems (field, reason,
 * message), none when the change may go ahead.
 */
import { COUNT_MAX, MONEY_MAX } from '@carenet/reporting';
import { CatalogueErrorReason as R, type CatalogueProblem } from './catalogue.errors.js';

export const LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
export type Level = (typeof LEVELS)[number];
export const KINDS = ['COUNT', 'MONEY'] as const;
export type Kind = (typeof KINDS)[number];
export const HEADCOUNT_SOURCES = ['VILLAGES', 'OWN'] as const;

const CODE = /^[A-Z][A-Z0-9_]{1,62}$/;
const UNIT = /^[a-z][a-z-]{0,29}$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function problem(reason: R, field: string, message: string, rule?: string): CatalogueProblem {
  return rule ? { reason, field, message, rule } : { reason, field, message };
}

function text(value: string | null | undefined, field: string, max: number): CatalogueProblem[] {
  const t = (value ?? '').trim();
  return t.length >= 1 && t.length <= max ? [] : [problem(R.INVALID_INPUT, field, `${field}: 1 to ${max} characters`)];
}

function month(value: string, field = 'effective'): CatalogueProblem[] {
  return MONTH.test(value ?? '') ? [] : [problem(R.INVALID_INPUT, field, `${field}: a month, YYYY-MM`)];
}

export interface AddIndicatorInput {
  code: string;
  nameZh: string;
  nameEn: string;
  level: string;
  kind: string;
  /** persons, person-times, count, sites, beds, cases…; fen for money (the default there). */
  unit?: string | null;
  group?: string | null;
  effective: string;
}

/** The shape of a new indicator (the code's being free is checked against the table). */
export function checkAddIndicator(input: AddIndicatorInput): CatalogueProblem[] {
  const out: CatalogueProblem[] = [];
  if (!CODE.test(input.code ?? '')) out.push(problem(R.INVALID_INPUT, 'code', 'code: A–Z, 0–9 and _, starting with a letter, 2 to 63 characters (LIKE_THIS)'));
  out.push(...text(input.nameZh, 'nameZh', 100), ...text(input.nameEn, 'nameEn', 200));
  if (!(LEVELS as readonly string[]).includes(input.level)) out.push(problem(R.INVALID_INPUT, 'level', `level: one of ${LEVELS.join(', ')}`));
  if (!(KINDS as readonly string[]).includes(input.kind)) out.push(problem(R.INVALID_INPUT, 'kind', 'kind: COUNT or MONEY (in fen)'));
  if (input.kind === 'MONEY' && input.unit != null && input.unit !== 'fen') out.push(problem(R.INVALID_INPUT, 'unit', 'unit: money is kept in fen'));
  if (input.kind === 'COUNT' && (input.unit == null || !UNIT.test(input.unit) || input.unit === 'fen')) {
    out.push(problem(R.INVALID_INPUT, 'unit', 'unit: what is counted, in lower case (persons, person-times, count, sites, beds, cases…)'));
  }
  if (input.group != null) out.push(...text(input.group, 'group', 100));
  out.push(...month(input.effective));
  return out;
}

/** The largest value E1 accepts for an indicator of this kind. */
export function maxValueOf(kind: Kind): number {
  return kind === 'MONEY' ? MONEY_MAX : COUNT_MAX;
}

/**
 * A new version begins after the one it follows (the history is added to,
 * never rewritten): `effective` must be a month after `currentFrom`.
 */
export function checkAfter(effective: string, currentFrom: string | null, what: string): CatalogueProblem[] {
  if (currentFrom !== null && effective <= currentFrom) {
    return [problem(R.NOT_AFTER_CURRENT_VERSION, 'effective', `effective: ${what} in force from ${currentFrom}; a change takes effect from a later month`)];
  }
  return [];
}

/** The indicator as the catalogue holds it, for the checks of a rename or a retirement. */
export interface IndicatorSpan {
  code: string;
  validFrom: string;
  validTo: string | null;
  /** When its names in force now began. */
  namesFrom: string;
  nameZh: string;
  nameEn: string;
}

export function checkRename(current: IndicatorSpan, input: { nameZh: string; nameEn: string; effective: string }): CatalogueProblem[] {
  const out = [...text(input.nameZh, 'nameZh', 100), ...text(input.nameEn, 'nameEn', 200), ...month(input.effective)];
  if (out.length) return out;
  if (current.validTo !== null && input.effective > current.validTo) {
    return [problem(R.INDICATOR_NOT_IN_FORCE, 'effective', `effective: ${current.code} is retired after ${current.validTo}`)];
  }
  if (input.nameZh.trim() === current.nameZh && input.nameEn.trim() === current.nameEn) {
    return [problem(R.NO_CHANGE, 'nameZh', `nameZh: ${current.code} is already called ${current.nameZh} / ${current.nameEn}`)];
  }
  return checkAfter(input.effective, current.namesFrom, `${current.code}'s names are`);
}

/**
 * Retiring an indicator from a month: it must be on the form until then, and
 * no rule may name it — the fixed rules (E3, E4, W3: `ruleIndicators`) never,
 * W1 while a subsidy standard from that month on uses it (`standardsUsing`).
 */
export function checkRetire(
  current: IndicatorSpan,
  effective: string,
  ruleIndicators: Readonly<Record<string, readonly string[]>>,
  standardsUsing: { subsidyIndicator: string; validFrom: string }[],
): CatalogueProblem[] {
  const shape = month(effective);
  if (shape.length) return shape;
  if (current.validTo !== null) return [problem(R.INDICATOR_NOT_IN_FORCE, 'code', `code: ${current.code} is already retired after ${current.validTo}`)];
  const after = checkAfter(effective, current.validFrom, `${current.code} is`);
  if (after.length) return after;
  const out: CatalogueProblem[] = [];
  for (const [rule, codes] of Object.entries(ruleIndicators)) {
    if (codes.includes(current.code)) {
      out.push(problem(R.INDICATOR_IN_RULE, 'code', `code: rule ${rule} is checked on ${current.code}; it cannot be retired while the rule stands`, rule));
    }
  }
  for (const s of standardsUsing) {
    out.push(
      problem(R.INDICATOR_IN_RULE, 'code', `code: the subsidy standard for ${s.subsidyIndicator} from ${s.validFrom} uses ${current.code} (W1); end that standard first`, 'W1'),
    );
  }
  return out;
}

export interface SubsidyStandardInput {
  subsidyIndicator: string;
  headcountIndicator?: string | null;
  headcountSource?: string | null;
  monthlyFen: number;
  effective: string;
}

/** What the indicators of a standard must be: the subsidy paid by the county, in fen; the headcount it is owed to. */
export function checkSubsidyStandard(
  input: { subsidyIndicator: string; headcountIndicator: string; headcountSource: string; monthlyFen: number; effective: string },
  subsidy: { kind: string; level: string } | undefined,
  headcount: { kind: string; level: string } | undefined,
): CatalogueProblem[] {
  const out = [...month(input.effective)];
  if (!Number.isSafeInteger(input.monthlyFen) || input.monthlyFen < 0 || input.monthlyFen > MONEY_MAX) {
    out.push(problem(R.INVALID_INPUT, 'monthlyFen', 'monthlyFen: a whole number of fen per child per month, 0 or more'));
  }
  if (!subsidy) out.push(problem(R.UNKNOWN_INDICATOR, 'subsidyIndicator', `subsidyIndicator: ${input.subsidyIndicator} is not on the form that month`));
  else if (subsidy.kind !== 'MONEY' || subsidy.level !== 'COUNTY') {
    out.push(problem(R.INVALID_INPUT, 'subsidyIndicator', `subsidyIndicator: W1 compares money (fen) a county pays; ${input.subsidyIndicator} is a ${subsidy.kind} of the ${subsidy.level}`));
  }
  if (!(HEADCOUNT_SOURCES as readonly string[]).includes(input.headcountSource)) {
    out.push(problem(R.INVALID_INPUT, 'headcountSource', 'headcountSource: VILLAGES (summed over the county’s villages) or OWN (the county’s own figure)'));
  } else if (!headcount) {
    out.push(problem(R.UNKNOWN_INDICATOR, 'headcountIndicator', `headcountIndicator: ${input.headcountIndicator} is not on the form that month`));
  } else {
    const level = input.headcountSource === 'VILLAGES' ? 'VILLAGE' : 'COUNTY';
    if (headcount.kind !== 'COUNT' || headcount.level !== level) {
      out.push(problem(R.INVALID_INPUT, 'headcountIndicator', `headcountIndicator: with ${input.headcountSource} it is a count entered at the ${level}; ${input.headcountIndicator} is a ${headcount.kind} of the ${headcount.level}`));
    }
  }
  return out;
}

export function checkDeadline(input: { level: string; days: number; effective: string }): CatalogueProblem[] {
  const out = [...month(input.effective)];
  if (!(LEVELS as readonly string[]).includes(input.level)) out.push(problem(R.INVALID_INPUT, 'level', `level: one of ${LEVELS.join(', ')}`));
  if (!Number.isInteger(input.days) || input.days < 0 || input.days > 366) out.push(problem(R.INVALID_INPUT, 'days', 'days: 0 to 366 days after the month ends'));
  return out;
}
