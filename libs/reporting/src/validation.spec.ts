import type { UnitLevel } from '@carenet/admin-tree';
import type { Indicator, IndicatorValue } from '@carenet/indicators';
import {
  COUNT_MAX,
  MONEY_MAX,
  checkConsistency,
  checkMandatoryReports,
  checkOutliers,
  checkSubsidies,
  checkValues,
  isRobustOutlier,
  median,
  unexplained,
  validateForSave,
  type Explanation,
  type SubsidyStandard,
} from './validation.js';
import type { RuleFinding } from './violation.js';

/** A catalogue row; only code, kind, level and maxValue matter to the rules. */
function ind(code: string, level: string, kind: 'COUNT' | 'MONEY' = 'COUNT', maxValue?: number): Indicator {
  return {
    code,
    nameZh: code,
    nameEn: code,
    unit: kind === 'MONEY' ? 'fen' : 'persons',
    kind,
    level: level as UnitLevel,
    maxValue: maxValue ?? (kind === 'MONEY' ? MONEY_MAX : COUNT_MAX),
    sortOrder: 0,
  };
}

const catalogue: ReadonlyMap<string, Indicator> = new Map(
  [
    ind('LEFT_BEHIND_CHILDREN', 'VILLAGE'),
    ind('CHILDREN_IN_DIFFICULTY', 'VILLAGE'),
    ind('RISK_RED', 'VILLAGE'),
    ind('RISK_ORANGE', 'VILLAGE'),
    ind('RISK_YELLOW', 'VILLAGE'),
    ind('RISK_GREEN', 'VILLAGE'),
    ind('CHILD_SUPERVISORS', 'TOWNSHIP'),
    ind('MANDATORY_REPORTS', 'COUNTY'),
    ind('WELFARE_INSTITUTIONS', 'COUNTY'),
    ind('WELFARE_BEDS', 'COUNTY'),
    ind('SUBSIDY_SCATTERED_FEN', 'COUNTY', 'MONEY'),
    // A province-defined row with a limit above 2^53: E1 must still refuse unsafe integers.
    ind('HUGE_FEN', 'COUNTY', 'MONEY', Number.MAX_VALUE),
  ].map((i) => [i.code, i]),
);

/** [indicator, value] pairs as a value list. */
function list(...pairs: [string, number][]): IndicatorValue[] {
  return pairs.map(([indicator, value]) => ({ indicator, value }));
}

/** What a finding is about, compactly: "E1 LEFT_BEHIND_CHILDREN". */
function brief(findings: RuleFinding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.indicators[0]}`);
}

const map = (o: Record<string, number>): ReadonlyMap<string, number> => new Map(Object.entries(o));
const LB = 'LEFT_BEHIND_CHILDREN';

describe('checkValues (E1, E2)', () => {
  it.each<[string, IndicatorValue[], string, string[]]>([
    ['0 is accepted', list([LB, 0]), 'VILLAGE', []],
    ['the count maximum is accepted', list([LB, COUNT_MAX]), 'VILLAGE', []],
    ['the count maximum + 1 is refused', list([LB, COUNT_MAX + 1]), 'VILLAGE', ['E1 LEFT_BEHIND_CHILDREN']],
    ['-1 is refused', list([LB, -1]), 'VILLAGE', ['E1 LEFT_BEHIND_CHILDREN']],
    ['1.5 is refused', list([LB, 1.5]), 'VILLAGE', ['E1 LEFT_BEHIND_CHILDREN']],
    ['NaN is refused', list([LB, Number.NaN]), 'VILLAGE', ['E1 LEFT_BEHIND_CHILDREN']],
    ['Infinity is refused', list([LB, Number.POSITIVE_INFINITY]), 'VILLAGE', ['E1 LEFT_BEHIND_CHILDREN']],
    ['the money maximum is accepted', list(['SUBSIDY_SCATTERED_FEN', MONEY_MAX]), 'COUNTY', []],
    ['the money maximum + 1 is refused', list(['SUBSIDY_SCATTERED_FEN', MONEY_MAX + 1]), 'COUNTY', ['E1 SUBSIDY_SCATTERED_FEN']],
    ['a count above COUNT_MAX is fine as money', list(['SUBSIDY_SCATTERED_FEN', COUNT_MAX + 1]), 'COUNTY', []],
    ['MAX_SAFE_INTEGER is accepted under a huge limit', list(['HUGE_FEN', Number.MAX_SAFE_INTEGER]), 'COUNTY', []],
    ['beyond MAX_SAFE_INTEGER is refused even under a huge limit', list(['HUGE_FEN', 2 ** 53]), 'COUNTY', ['E1 HUGE_FEN']],
    ['an unknown indicator is refused by name', list(['NOT_AN_INDICATOR', 1]), 'VILLAGE', ['E2 NOT_AN_INDICATOR']],
    ['an unknown indicator gets E2 only, whatever its value', list(['NOT_AN_INDICATOR', -1]), 'VILLAGE', ['E2 NOT_AN_INDICATOR']],
    ['a township indicator in a village report', list(['CHILD_SUPERVISORS', 1]), 'VILLAGE', ['E2 CHILD_SUPERVISORS']],
    ['a village indicator in a county report', list([LB, 1]), 'COUNTY', ['E2 LEFT_BEHIND_CHILDREN']],
    ['a wrong-level indicator gets E2 only, whatever its value', list(['CHILD_SUPERVISORS', 1.5]), 'VILLAGE', ['E2 CHILD_SUPERVISORS']],
    ['an indicator listed twice', list([LB, 1], [LB, 1]), 'VILLAGE', ['E2 LEFT_BEHIND_CHILDREN']],
    ['listed twice, one value out of range: both findings', list([LB, 1], [LB, -1]), 'VILLAGE', ['E2 LEFT_BEHIND_CHILDREN', 'E1 LEFT_BEHIND_CHILDREN']],
    ['every finding, in listing order', list(['X', 1], [LB, -1], ['RISK_RED', 2], ['CHILD_SUPERVISORS', 1]), 'VILLAGE', ['E2 X', 'E1 LEFT_BEHIND_CHILDREN', 'E2 CHILD_SUPERVISORS']],
    ['an empty list', [], 'VILLAGE', []],
  ])('%s', (_, values, level, expected) => {
    expect(brief(checkValues(values, catalogue, level))).toEqual(expected);
  });

  it.each<[string, IndicatorValue[], string]>([
    ['LEFT_BEHIND_CHILDREN: must be a whole number from 0 to 10,000,000, got -3 (E1)', list([LB, -3]), 'VILLAGE'],
    ['LEFT_BEHIND_CHILDREN: must be a whole number from 0 to 10,000,000, got NaN (E1)', list([LB, Number.NaN]), 'VILLAGE'],
    ['SUBSIDY_SCATTERED_FEN: must be a whole number of fen from 0 to 10,000,000,000,000, got 1.5 (E1)', list(['SUBSIDY_SCATTERED_FEN', 1.5]), 'COUNTY'],
    ['CHILD_SUPERVISORS: entered by TOWNSHIP units, not by this VILLAGE (E2)', list(['CHILD_SUPERVISORS', 2]), 'VILLAGE'],
    ['NOT_AN_INDICATOR: not an indicator in the catalogue; remove it or correct the code (E2)', list(['NOT_AN_INDICATOR', 2]), 'VILLAGE'],
    ['LEFT_BEHIND_CHILDREN: listed twice in one report; keep a single value (E2)', list([LB, 1], [LB, 2]), 'VILLAGE'],
  ])('message: %s', (message, values, level) => {
    const findings = checkValues(values, catalogue, level);
    expect(findings).toEqual([{ rule: message.slice(-3, -1), severity: 'ERROR', indicators: [values[0].indicator], message }]);
  });
});

describe('checkConsistency (E3, E4)', () => {
  it.each<[string, Record<string, number>, string[]]>([
    ['no risk grade entered: E3 not checked', { LEFT_BEHIND_CHILDREN: 0 }, []],
    ['risk grades equal to the headcounts', { RISK_RED: 1, RISK_ORANGE: 2, RISK_YELLOW: 3, RISK_GREEN: 4, LEFT_BEHIND_CHILDREN: 6, CHILDREN_IN_DIFFICULTY: 4 }, []],
    ['risk grades one above the headcounts', { RISK_RED: 1, RISK_ORANGE: 2, RISK_YELLOW: 3, RISK_GREEN: 5, LEFT_BEHIND_CHILDREN: 6, CHILDREN_IN_DIFFICULTY: 4 }, ['E3 RISK_RED']],
    ['a risk grade with the headcounts missing (0)', { RISK_GREEN: 1 }, ['E3 RISK_RED']],
    ['a zero risk grade with the headcounts missing', { RISK_RED: 0 }, []],
    ['welfare beds with no institutions', { WELFARE_BEDS: 10, WELFARE_INSTITUTIONS: 0 }, ['E4 WELFARE_BEDS']],
    ['welfare beds with institutions missing (0)', { WELFARE_BEDS: 10 }, ['E4 WELFARE_BEDS']],
    ['welfare beds with one institution', { WELFARE_BEDS: 10, WELFARE_INSTITUTIONS: 1 }, []],
    ['zero welfare beds and no institutions', { WELFARE_BEDS: 0, WELFARE_INSTITUTIONS: 0 }, []],
    ['no institutions and beds missing: E4 not checked', { WELFARE_INSTITUTIONS: 0 }, []],
    ['protection beds with no centres', { PROTECTION_BEDS: 5, PROTECTION_INSTITUTIONS: 0 }, ['E4 PROTECTION_BEDS']],
    ['protection beds with a centre', { PROTECTION_BEDS: 5, PROTECTION_INSTITUTIONS: 1 }, []],
    ['every finding at once', { RISK_RED: 1, WELFARE_BEDS: 1, PROTECTION_BEDS: 1 }, ['E3 RISK_RED', 'E4 WELFARE_BEDS', 'E4 PROTECTION_BEDS']],
  ])('%s', (_, values, expected) => {
    expect(brief(checkConsistency(map(values)))).toEqual(expected);
  });

  it('E3 names the four grades then the two headcounts', () => {
    expect(checkConsistency(map({ RISK_RED: 12, LEFT_BEHIND_CHILDREN: 10 }))).toEqual([
      {
        rule: 'E3',
        severity: 'ERROR',
        indicators: ['RISK_RED', 'RISK_ORANGE', 'RISK_YELLOW', 'RISK_GREEN', 'LEFT_BEHIND_CHILDREN', 'CHILDREN_IN_DIFFICULTY'],
        message: 'RISK_RED + RISK_ORANGE + RISK_YELLOW + RISK_GREEN = 12 exceeds LEFT_BEHIND_CHILDREN + CHILDREN_IN_DIFFICULTY = 10 (E3)',
      },
    ]);
  });

  it('E4 names the beds then the institutions', () => {
    const [finding] = checkConsistency(map({ WELFARE_BEDS: 30 }));
    expect(finding).toMatchObject({ rule: 'E4', severity: 'ERROR', indicators: ['WELFARE_BEDS', 'WELFARE_INSTITUTIONS'] });
    expect(finding.message).toMatch(/^WELFARE_BEDS: 30 beds but WELFARE_INSTITUTIONS = 0; .*\(E4\)$/);
  });
});

describe('validateForSave', () => {
  it.each<[string, IndicatorValue[], string, string[]]>([
    ['a clean village report', list([LB, 10], ['RISK_RED', 10]), 'VILLAGE', []],
    ['E2 and E3 in one save', list(['X', 1], [LB, 10], ['RISK_RED', 12]), 'VILLAGE', ['E2 X', 'E3 RISK_RED']],
    ['E3 judged without the value that failed E2', list(['CHILD_SUPERVISORS', 99], ['RISK_RED', 1]), 'VILLAGE', ['E2 CHILD_SUPERVISORS', 'E3 RISK_RED']],
    ['E3 not judged when a headcount failed E1', list([LB, -3], ['RISK_RED', 2]), 'VILLAGE', ['E1 LEFT_BEHIND_CHILDREN']],
    ['E3 not judged when a grade failed E1', list([LB, 1], ['RISK_RED', 2.5]), 'VILLAGE', ['E1 RISK_RED']],
    ['E3 not judged when a headcount is listed twice', list([LB, 5], [LB, 0], ['RISK_RED', 3]), 'VILLAGE', ['E2 LEFT_BEHIND_CHILDREN']],
    ['E4 on a county save', list(['WELFARE_BEDS', 20], ['WELFARE_INSTITUTIONS', 0]), 'COUNTY', ['E4 WELFARE_BEDS']],
    ['E4 not judged when the institutions failed E1', list(['WELFARE_BEDS', 20], ['WELFARE_INSTITUTIONS', 1.5]), 'COUNTY', ['E1 WELFARE_INSTITUTIONS']],
  ])('%s', (_, values, level, expected) => {
    expect(brief(validateForSave(values, catalogue, level))).toEqual(expected);
  });
});

describe('checkSubsidies (W1)', () => {
  const standards: SubsidyStandard[] = [
    { subsidyIndicator: 'SUBSIDY_SCATTERED_FEN', headcountIndicator: 'ORPHANS_SCATTERED', headcountSource: 'VILLAGES', monthlyFen: 105_000 },
    { subsidyIndicator: 'SUBSIDY_DEFACTO_FEN', headcountIndicator: 'DEFACTO_UNSUPPORTED', headcountSource: 'VILLAGES', monthlyFen: 105_000 },
    { subsidyIndicator: 'SUBSIDY_INSTITUTIONAL_FEN', headcountIndicator: 'ORPHANS_INSTITUTIONAL', headcountSource: 'OWN', monthlyFen: 160_000 },
  ];

  it.each<[string, Record<string, number>, Record<string, number>, string[]]>([
    ['scattered: below the standard', { SUBSIDY_SCATTERED_FEN: 209_999 }, { ORPHANS_SCATTERED: 2 }, ['W1 SUBSIDY_SCATTERED_FEN']],
    ['scattered: at the standard', { SUBSIDY_SCATTERED_FEN: 210_000 }, { ORPHANS_SCATTERED: 2 }, []],
    ['scattered: above the standard', { SUBSIDY_SCATTERED_FEN: 300_000 }, { ORPHANS_SCATTERED: 2 }, []],
    ['scattered: not entered, children in the villages', {}, { ORPHANS_SCATTERED: 1 }, ['W1 SUBSIDY_SCATTERED_FEN']],
    ['scattered: no children, nothing paid', { SUBSIDY_SCATTERED_FEN: 0 }, { ORPHANS_SCATTERED: 0 }, []],
    ['scattered: headcount is the villages\' sum, not the county\'s own', { ORPHANS_SCATTERED: 5 }, {}, []],
    ['de-facto: below the standard', { SUBSIDY_DEFACTO_FEN: 104_999 }, { DEFACTO_UNSUPPORTED: 1 }, ['W1 SUBSIDY_DEFACTO_FEN']],
    ['de-facto: at the standard', { SUBSIDY_DEFACTO_FEN: 315_000 }, { DEFACTO_UNSUPPORTED: 3 }, []],
    ['de-facto: above the standard', { SUBSIDY_DEFACTO_FEN: 315_001 }, { DEFACTO_UNSUPPORTED: 3 }, []],
    ['de-facto: no children', {}, { DEFACTO_UNSUPPORTED: 0 }, []],
    ['institutional: below the standard', { ORPHANS_INSTITUTIONAL: 3, SUBSIDY_INSTITUTIONAL_FEN: 479_999 }, {}, ['W1 SUBSIDY_INSTITUTIONAL_FEN']],
    ['institutional: at the standard', { ORPHANS_INSTITUTIONAL: 3, SUBSIDY_INSTITUTIONAL_FEN: 480_000 }, {}, []],
    ['institutional: above the standard', { ORPHANS_INSTITUTIONAL: 3, SUBSIDY_INSTITUTIONAL_FEN: 500_000 }, {}, []],
    ['institutional: no children', { ORPHANS_INSTITUTIONAL: 0 }, {}, []],
    ['institutional: headcount is the county\'s own, not the villages\' sum', {}, { ORPHANS_INSTITUTIONAL: 3 }, []],
    ['all three short at once', { ORPHANS_INSTITUTIONAL: 1 }, { ORPHANS_SCATTERED: 1, DEFACTO_UNSUPPORTED: 1 }, ['W1 SUBSIDY_SCATTERED_FEN', 'W1 SUBSIDY_DEFACTO_FEN', 'W1 SUBSIDY_INSTITUTIONAL_FEN']],
  ])('%s', (_, own, villages, expected) => {
    expect(brief(checkSubsidies(map(own), map(villages), standards))).toEqual(expected);
  });

  it('says what was paid and what was owed', () => {
    expect(checkSubsidies(map({ SUBSIDY_SCATTERED_FEN: 100_000 }), map({ ORPHANS_SCATTERED: 40 }), standards)).toEqual([
      {
        rule: 'W1',
        severity: 'WARNING',
        indicators: ['SUBSIDY_SCATTERED_FEN', 'ORPHANS_SCATTERED'],
        message: 'SUBSIDY_SCATTERED_FEN: 100000 fen is below 40 children × 105000 fen = 4200000 fen (W1)',
      },
    ]);
  });
});

describe('median', () => {
  it.each<[number[], number]>([
    [[3], 3],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 2, 33, 4], 7],
    [[0, 0, 1, 0, 2, 0, 1, 0, 0, 1, 0, 0], 0],
  ])('median(%j) = %d', (xs, m) => {
    expect(median(xs)).toBe(m);
  });

  it('is NaN for no values and leaves its input unsorted', () => {
    expect(median([])).toBeNaN();
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('isRobustOutlier (W2)', () => {
  const small = [0, 0, 1, 0, 2, 0, 1, 0, 0, 1, 0, 0]; // median 0, MAD 0: the floor of 5 decides
  const large = [100, 110, 90, 105, 95, 100, 120, 80, 100, 102, 98, 100]; // median 100, MAD 3.5: 3 × 1.4826 × 3.5 ≈ 15.57 decides
  const fill = (n: number, v: number): number[] => Array<number>(n).fill(v);

  it.each<[string, number[], number, boolean]>([
    ['small counts: 3 is within the floor', small, 3, false],
    ['small counts: 5 is exactly the floor', small, 5, false],
    ['small counts: 6 is past the floor', small, 6, true],
    ['small counts: 9', small, 9, true],
    ['large series: at the median', large, 100, false],
    ['large series: +15 is within 3 scaled MADs', large, 115, false],
    ['large series: +16 is past 3 scaled MADs', large, 116, true],
    ['large series: −15 is within', large, 85, false],
    ['large series: −16 is past', large, 84, true],
    ['5 months only: never an outlier', fill(5, 0), 1000, false],
    ['no history: never an outlier', [], 1000, false],
    ['exactly 6 months are judged', fill(6, 0), 6, true],
    ['only the last 12 months count (old zeros ignored)', [...fill(12, 0), ...fill(12, 100)], 0, true],
    ['only the last 12 months count (new level is normal)', [...fill(12, 0), ...fill(12, 100)], 100, false],
  ])('%s', (_, history, x, outlier) => {
    expect(isRobustOutlier(history, x)).toBe(outlier);
  });
});

describe('checkOutliers (W2)', () => {
  it('warns once per outlying indicator that has enough history', () => {
    const own = map({ HOME_VISITS: 40, CHILD_HOMES: 3, CHILD_DIRECTORS: 50, NEW_INDICATOR: 99 });
    const history = new Map<string, number[]>([
      ['HOME_VISITS', Array<number>(12).fill(10)],
      ['CHILD_HOMES', Array<number>(12).fill(3)],
      ['CHILD_DIRECTORS', [1, 1, 1]],
    ]);
    const findings = checkOutliers(own, history);
    expect(brief(findings)).toEqual(['W2 HOME_VISITS']);
    expect(findings[0]).toMatchObject({ severity: 'WARNING', indicators: ['HOME_VISITS'] });
    expect(findings[0].message).toMatch(/^HOME_VISITS: 40 .*median 10 .*\(W2\)$/);
  });
});

describe('checkMandatoryReports (W3)', () => {
  it.each<[string, Record<string, number>, Record<string, number>, string[]]>([
    ['red children, no reports', { MANDATORY_REPORTS: 0 }, { RISK_RED: 2 }, ['W3 MANDATORY_REPORTS']],
    ['red children, reports not entered (0)', {}, { RISK_RED: 1 }, ['W3 MANDATORY_REPORTS']],
    ['red children and a report', { MANDATORY_REPORTS: 1 }, { RISK_RED: 2 }, []],
    ['no red children, no reports', { MANDATORY_REPORTS: 0 }, { RISK_RED: 0 }, []],
    ['red not entered by the villages', { MANDATORY_REPORTS: 0 }, {}, []],
    ['red counts only from the villages\' sum', { MANDATORY_REPORTS: 0, RISK_RED: 4 }, {}, []],
  ])('%s', (_, own, villages, expected) => {
    expect(brief(checkMandatoryReports(map(own), map(villages)))).toEqual(expected);
  });
});

describe('unexplained', () => {
  const w1: RuleFinding = { rule: 'W1', severity: 'WARNING', indicators: ['SUBSIDY_SCATTERED_FEN', 'ORPHANS_SCATTERED'], message: 'w1' };
  const w3: RuleFinding = { rule: 'W3', severity: 'WARNING', indicators: ['MANDATORY_REPORTS', 'RISK_RED'], message: 'w3' };
  const ex = (rule: string, indicator: string, text: string): Explanation => ({ rule, indicator, text });

  it.each<[string, Explanation[], RuleFinding[]]>([
    ['no explanations', [], [w1, w3]],
    ['one warning explained', [ex('W1', 'SUBSIDY_SCATTERED_FEN', 'Paid in arrears next month.')], [w3]],
    ['both explained', [ex('W3', 'MANDATORY_REPORTS', 'Handled by police.'), ex('W1', 'SUBSIDY_SCATTERED_FEN', 'Late.')], []],
    ['text with surrounding spaces still counts', [ex('W1', 'SUBSIDY_SCATTERED_FEN', '  Late.  ')], [w3]],
    ['keyed on the second indicator: no match', [ex('W1', 'ORPHANS_SCATTERED', 'Late.')], [w1, w3]],
    ['right indicator, wrong rule: no match', [ex('W2', 'SUBSIDY_SCATTERED_FEN', 'Late.')], [w1, w3]],
    ['blank text: no match', [ex('W1', 'SUBSIDY_SCATTERED_FEN', ' \n\t ')], [w1, w3]],
    ['empty text: no match', [ex('W3', 'MANDATORY_REPORTS', '')], [w1, w3]],
  ])('%s', (_, explanations, expected) => {
    expect(unexplained([w1, w3], explanations)).toEqual(expected);
  });
});
