import { CatalogueErrorReason as R, type CatalogueProblem } from './catalogue.errors.js';
import {
  checkAddIndicator,
  checkAfter,
  checkDeadline,
  checkRename,
  checkRetire,
  checkSubsidyStandard,
  maxValueOf,
  type AddIndicatorInput,
  type IndicatorSpan,
} from './catalogue-rules.js';

/** field:reason of each problem, the shape the API answers with. */
const brief = (problems: CatalogueProblem[]) => problems.map((p) => `${p.field}:${p.reason}${p.rule ? `:${p.rule}` : ''}`);

const NEW: AddIndicatorInput = { code: 'SCHOOL_VISITS', nameZh: '学校走访', nameEn: 'School visits', level: 'VILLAGE', kind: 'COUNT', unit: 'person-times', effective: '2026-10' };

describe('adding an indicator', () => {
  it.each<[string, Partial<AddIndicatorInput>, string[]]>([
    ['a well-formed count', {}, []],
    ['money without a unit (fen)', { kind: 'MONEY', unit: null }, []],
    ['money in fen', { kind: 'MONEY', unit: 'fen' }, []],
    ['a group', { group: '走访' }, []],
    ['a lower-case code', { code: 'school_visits' }, ['code:INVALID_INPUT']],
    ['a one-letter code', { code: 'S' }, ['code:INVALID_INPUT']],
    ['a code starting with a digit', { code: '1_VISITS' }, ['code:INVALID_INPUT']],
    ['a blank Chinese name', { nameZh: '   ' }, ['nameZh:INVALID_INPUT']],
    ['an English name too long', { nameEn: 'x'.repeat(201) }, ['nameEn:INVALID_INPUT']],
    ['an unknown level', { level: 'STREET' }, ['level:INVALID_INPUT']],
    ['an unknown kind', { kind: 'RATIO' }, ['kind:INVALID_INPUT']],
    ['money in yuan', { kind: 'MONEY', unit: 'yuan' }, ['unit:INVALID_INPUT']],
    ['a count in fen', { unit: 'fen' }, ['unit:INVALID_INPUT']],
    ['a count without a unit', { unit: null }, ['unit:INVALID_INPUT']],
    ['a blank group', { group: ' ' }, ['group:INVALID_INPUT']],
    ['a month that is not one', { effective: '2026-13' }, ['effective:INVALID_INPUT']],
    ['several problems at once', { code: 'x', nameZh: '', effective: '2026/10' }, ['code:INVALID_INPUT', 'nameZh:INVALID_INPUT', 'effective:INVALID_INPUT']],
  ])('%s → %j', (_what, change, expected) => {
    expect(brief(checkAddIndicator({ ...NEW, ...change }))).toEqual(expected);
  });

  it.each([
    ['COUNT', 10_000_000],
    ['MONEY', 10_000_000_000_000],
  ] as const)('E1 bounds a %s at %d', (kind, max) => {
    expect(maxValueOf(kind)).toBe(max);
  });
});

describe('a new version follows the one in force', () => {
  it.each<[string, string, string | null, string[]]>([
    ['the first version', '2026-10', null, []],
    ['a later month', '2027-01', '2026-11', []],
    ['the same month', '2026-11', '2026-11', ['effective:NOT_AFTER_CURRENT_VERSION']],
    ['an earlier month', '2026-01', '2026-11', ['effective:NOT_AFTER_CURRENT_VERSION']],
  ])('%s', (_what, effective, currentFrom, expected) => {
    expect(brief(checkAfter(effective, currentFrom, 'x is'))).toEqual(expected);
  });
});

const SPAN: IndicatorSpan = { code: 'CHILD_HOMES', validFrom: '2000-01', validTo: null, namesFrom: '2000-01', nameZh: '儿童之家', nameEn: 'Child homes' };
const RULES = { E3: ['RISK_RED', 'LEFT_BEHIND_CHILDREN'], E4: ['WELFARE_BEDS'], W3: ['RISK_RED', 'MANDATORY_REPORTS'] };

describe('renaming an indicator', () => {
  it.each<[string, Partial<IndicatorSpan>, { nameZh?: string; nameEn?: string; effective?: string }, string[]]>([
    ['new names from a later month', {}, {}, []],
    ['the same names', {}, { nameZh: '儿童之家', nameEn: 'Child homes' }, ['nameZh:NO_CHANGE']],
    ['the same names, padded', {}, { nameZh: ' 儿童之家 ', nameEn: 'Child homes ' }, ['nameZh:NO_CHANGE']],
    ['from the month the current names began', { namesFrom: '2026-10' }, { effective: '2026-10' }, ['effective:NOT_AFTER_CURRENT_VERSION']],
    ['after it was retired', { validTo: '2026-09' }, { effective: '2026-10' }, ['effective:INDICATOR_NOT_IN_FORCE']],
    ['in its last month', { validTo: '2026-10' }, { effective: '2026-10' }, []],
    ['to a blank name', {}, { nameEn: '' }, ['nameEn:INVALID_INPUT']],
  ])('%s', (_what, span, input, expected) => {
    expect(brief(checkRename({ ...SPAN, ...span }, { nameZh: '儿童之家（站点）', nameEn: 'Child-care sites', effective: '2026-10', ...input }))).toEqual(expected);
  });
});

describe('retiring an indicator', () => {
  it.each<[string, Partial<IndicatorSpan>, string, { subsidyIndicator: string; validFrom: string }[], string[]]>([
    ['one no rule names', {}, '2026-10', [], []],
    ['one E3 is checked on', { code: 'LEFT_BEHIND_CHILDREN' }, '2026-10', [], ['code:INDICATOR_IN_RULE:E3']],
    ['one two rules are checked on', { code: 'RISK_RED' }, '2026-10', [], ['code:INDICATOR_IN_RULE:E3', 'code:INDICATOR_IN_RULE:W3']],
    ['one E4 is checked on', { code: 'WELFARE_BEDS' }, '2026-10', [], ['code:INDICATOR_IN_RULE:E4']],
    ['one a subsidy standard still uses (W1)', { code: 'ORPHANS_SCATTERED' }, '2026-10', [{ subsidyIndicator: 'SUBSIDY_SCATTERED_FEN', validFrom: '2020-01' }], ['code:INDICATOR_IN_RULE:W1']],
    ['one already retired', { validTo: '2026-05' }, '2026-10', [], ['code:INDICATOR_NOT_IN_FORCE']],
    ['from the month it was added', { validFrom: '2026-10' }, '2026-10', [], ['effective:NOT_AFTER_CURRENT_VERSION']],
    ['from a month that is not one', {}, '10/2026', [], ['effective:INVALID_INPUT']],
  ])('%s', (_what, span, effective, standards, expected) => {
    expect(brief(checkRetire({ ...SPAN, ...span }, effective, RULES, standards))).toEqual(expected);
  });
});

describe('a subsidy standard', () => {
  const money = { kind: 'MONEY', level: 'COUNTY' };
  const villages = { kind: 'COUNT', level: 'VILLAGE' };
  const county = { kind: 'COUNT', level: 'COUNTY' };
  const input = { subsidyIndicator: 'SUBSIDY_SCATTERED_FEN', headcountIndicator: 'ORPHANS_SCATTERED', headcountSource: 'VILLAGES', monthlyFen: 120000, effective: '2027-01' };
  type Ind = { kind: string; level: string } | undefined;
  it.each<[string, Partial<typeof input>, Ind, Ind, string[]]>([
    ['per child over the villages', {}, money, villages, []],
    ['per child of the county’s own count', { headcountSource: 'OWN' }, money, county, []],
    ['zero fen', { monthlyFen: 0 }, money, villages, []],
    ['a negative amount', { monthlyFen: -1 }, money, villages, ['monthlyFen:INVALID_INPUT']],
    ['a fraction of a fen', { monthlyFen: 1.5 }, money, villages, ['monthlyFen:INVALID_INPUT']],
    ['a subsidy not on the form', {}, undefined, villages, ['subsidyIndicator:UNKNOWN_INDICATOR']],
    ['a subsidy that is a count', {}, county, villages, ['subsidyIndicator:INVALID_INPUT']],
    ['a subsidy entered at the village', {}, { kind: 'MONEY', level: 'VILLAGE' }, villages, ['subsidyIndicator:INVALID_INPUT']],
    ['a headcount not on the form', {}, money, undefined, ['headcountIndicator:UNKNOWN_INDICATOR']],
    ['a village headcount read as the county’s own', { headcountSource: 'OWN' }, money, villages, ['headcountIndicator:INVALID_INPUT']],
    ['a headcount source that is neither', { headcountSource: 'CITY' }, money, villages, ['headcountSource:INVALID_INPUT']],
  ])('%s', (_what, change, subsidy, headcount, expected) => {
    expect(brief(checkSubsidyStandard({ ...input, ...change }, subsidy, headcount))).toEqual(expected);
  });
});

describe('a deadline', () => {
  it.each<[string, { level: string; days: number; effective: string }, string[]]>([
    ['days after the month ends', { level: 'VILLAGE', days: 5, effective: '2027-01' }, []],
    ['on the last day of the month', { level: 'PROVINCE', days: 0, effective: '2027-01' }, []],
    ['a year', { level: 'CITY', days: 366, effective: '2027-01' }, []],
    ['more than a year', { level: 'CITY', days: 367, effective: '2027-01' }, ['days:INVALID_INPUT']],
    ['negative days', { level: 'CITY', days: -1, effective: '2027-01' }, ['days:INVALID_INPUT']],
    ['an unknown level', { level: 'STREET', days: 5, effective: '2027-01' }, ['level:INVALID_INPUT']],
  ])('%s', (_what, input, expected) => {
    expect(brief(checkDeadline(input))).toEqual(expected);
  });
});

it('every reason is one the API answers with', () => {
  expect(Object.values(R)).toEqual(expect.arrayContaining(['INDICATOR_IN_RULE', 'NOT_AFTER_CURRENT_VERSION']));
});
