/**
 * The catalogue as managed data, through GraphQL on real Postgres: the
 * province's administrators add, rename and retire indicators, set subsidy
 * standards and deadlines, each from a month (earlier months keep what was in
 * force then), and keep their province's reminder webhooks, by month too; administrators keep their
 * users' contacts. Everyone else is refused; every change is in adminAudit;
 * a refused change names the field and the rule, and changes nothing.
 */
import http from 'node:http';
import { Role } from '@carenet/core';
import { IndicatorsRepository } from '@carenet/indicators';
import { DeadlinesService } from '@carenet/reporting';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;
const t: Record<string, string> = {};
const TOWNSHIP = '520102016000';
/** A village of TOWNSHIP (found in beforeAll). */
let VILLAGE = '';

const ok = (token: string, query: string, variables: Record<string, unknown> = {}) => api.ok(token, query, variables);

async function auditCount(): Promise<number> {
  return Number((await api.db.query(`SELECT count(*) AS n FROM admin_audit`))[0].n);
}

async function lastAudit(action: string) {
  const [row] = await api.db.query(`SELECT actor, action, target, details, unit_id AS "unitId" FROM admin_audit WHERE action = $1 ORDER BY id DESC LIMIT 1`, [action]);
  return row;
}

const VERSION = `code unit kind level group validFrom validTo names { nameZh nameEn validFrom validTo }`;
const ADD = `mutation($i: AddIndicatorInput!) { addIndicator(input: $i) { ${VERSION} } }`;
const RENAME = `mutation($i: RenameIndicatorInput!) { renameIndicator(input: $i) { ${VERSION} } }`;
const RETIRE = `mutation($i: RetireIndicatorInput!) { retireIndicator(input: $i) { ${VERSION} } }`;
const STANDARD = `mutation($i: SetSubsidyStandardInput!) { setSubsidyStandard(input: $i) { provinceCode subsidyIndicator headcountIndicator headcountSource monthlyFen validFrom validTo } }`;
const DEADLINE = `mutation($i: SetReportDeadlineInput!) { setReportDeadline(input: $i) { provinceCode level days validFrom validTo } }`;
const INDICATORS = `query($p: Period) { indicators(period: $p) { code nameZh nameEn } }`;
const SAVE = `mutation($u: ID!, $p: Period!, $v: [IndicatorValueInput!]!, $e: Int!) { saveReport(input: { unitCode: $u, period: $p, values: $v, expectedVersion: $e }) { version values { indicator value } } }`;

async function codesOn(period: string): Promise<Map<string, { nameZh: string; nameEn: string }>> {
  const d = await ok(t.clerk!, INDICATORS, { p: period });
  return new Map(d.indicators.map((i: any) => [i.code, i]));
}

beforeAll(async () => {
  // the test's webhook receivers are on this machine, a host allowed only because the configuration names it
  api = await startTestApi({ tree: 'guizhou', env: { CARENET_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });
  t.admin = await api.tokenFor([Role.ADMIN], '52', 'catalogue-admin');
  t.countyAdmin = await api.tokenFor([Role.ADMIN], '520102', 'county-admin');
  t.cityAdmin = await api.tokenFor([Role.ADMIN], '5201', 'city-admin');
  t.provinceClerk = await api.tokenFor([Role.CLERK, Role.APPROVER, Role.VIEWER], '52', 'province-clerk');
  t.clerk = await api.tokenFor([Role.CLERK], '520102', 'county-clerk');
  t.cityApprover = await api.tokenFor([Role.APPROVER], '5201', 'city-approver');
  VILLAGE = (await ok(t.admin, `{ units(parentCode: "${TOWNSHIP}", first: 1) { edges { node { code } } } }`)).units.edges[0].node.code;
}, 60_000);
afterAll(async () => {
  await api?.close();
});

describe('who may change the catalogue', () => {
  const changes: [string, string, Record<string, unknown>][] = [
    ['addIndicator', ADD, { i: { code: 'NEVER_ADDED', nameZh: '无', nameEn: 'None', level: 'VILLAGE', kind: 'COUNT', unit: 'persons', effective: '2026-10' } }],
    ['renameIndicator', RENAME, { i: { code: 'HOME_VISITS', nameZh: '入户走访', nameEn: 'Visits', effective: '2026-11' } }],
    ['retireIndicator', RETIRE, { i: { code: 'CHILD_HOMES', effective: '2026-11' } }],
    ['setSubsidyStandard', STANDARD, { i: { subsidyIndicator: 'SUBSIDY_DEFACTO_FEN', monthlyFen: 1, effective: '2026-11' } }],
    ['setReportDeadline', DEADLINE, { i: { level: 'CITY', days: 1, effective: '2026-11' } }],
    ['setReminderWebhook', `mutation { setReminderWebhook(level: CITY, url: "https://example.org/hook", effective: "2026-11") { url } }`, {}],
    ['removeReminderWebhook', `mutation { removeReminderWebhook(level: CITY, effective: "2026-11") }`, {}],
  ];

  it.each(changes)('%s: FORBIDDEN to a county or city ADMIN and to a provincial clerk or approver, and nothing changes', async (_name, query, variables) => {
    const before = await auditCount();
    for (const token of [t.countyAdmin!, t.cityAdmin!, t.provinceClerk!]) {
      const res = await api.gql(query, variables, token);
      expect(res.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    expect(await auditCount()).toBe(before);
    expect((await codesOn('2026-11')).has('NEVER_ADDED')).toBe(false);
  });

  it('answers UNAUTHENTICATED without a token', async () => {
    const res = await api.gql(ADD, changes[0]![2], null);
    expect(res.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('indicators', () => {
  it('adds an indicator from a month: on the form from then, not before; audited', async () => {
    const input = { code: 'SCHOOL_VISITS', nameZh: '学校走访', nameEn: 'School visits', level: 'VILLAGE', kind: 'COUNT', unit: 'person-times', group: '走访', effective: '2026-10' };
    const d = await ok(t.admin!, ADD, { i: input });
    expect(d.addIndicator).toEqual({
      code: 'SCHOOL_VISITS',
      unit: 'person-times',
      kind: 'COUNT',
      level: 'VILLAGE',
      group: '走访',
      validFrom: '2026-10',
      validTo: null,
      names: [{ nameZh: '学校走访', nameEn: 'School visits', validFrom: '2026-10', validTo: null }],
    });
    expect((await codesOn('2026-09')).has('SCHOOL_VISITS')).toBe(false);
    expect((await codesOn('2026-10')).get('SCHOOL_VISITS')).toMatchObject({ nameZh: '学校走访' });
    // September's form does not have it (E2); October's does
    const sept = await api.gql(SAVE, { u: VILLAGE, p: '2026-09', v: [{ indicator: 'SCHOOL_VISITS', value: 3 }], e: 0 }, t.clerk);
    expect(sept.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VALIDATION_FAILED' });
    expect(sept.errors?.[0]?.extensions.violations).toEqual([expect.objectContaining({ rule: 'E2', indicators: ['SCHOOL_VISITS'] })]);
    const oct = await ok(t.clerk!, SAVE, { u: VILLAGE, p: '2026-10', v: [{ indicator: 'SCHOOL_VISITS', value: 3 }], e: 0 });
    expect(oct.saveReport.values).toEqual([{ indicator: 'SCHOOL_VISITS', value: 3 }]);
    expect(await lastAudit('INDICATOR_ADD')).toMatchObject({ actor: 'catalogue-admin', target: 'SCHOOL_VISITS', details: expect.objectContaining({ effective: '2026-10' }) });
  });

  it('adds money in fen whatever unit is given for it', async () => {
    const d = await ok(t.admin!, ADD, { i: { code: 'SUBSIDY_EDUCATION_FEN', nameZh: '助学补贴', nameEn: 'Education subsidy paid', level: 'COUNTY', kind: 'MONEY', effective: '2026-11' } });
    expect(d.addIndicator).toMatchObject({ unit: 'fen', kind: 'MONEY', level: 'COUNTY' });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a code in use', { code: 'HOME_VISITS' }, 'code', 'INDICATOR_CODE_TAKEN'],
    ['a code in use, in other case', { code: 'Home_Visits' }, 'code', 'INVALID_INPUT'],
    ['a code that is not UPPER_SNAKE', { code: 'school visits' }, 'code', 'INVALID_INPUT'],
    ['an empty Chinese name', { nameZh: '  ' }, 'nameZh', 'INVALID_INPUT'],
    ['a kind that is neither', { kind: 'RATIO' }, 'kind', 'INVALID_INPUT'],
    ['a count without a unit', { unit: null }, 'unit', 'INVALID_INPUT'],
    ['money in yuan', { kind: 'MONEY', unit: 'yuan' }, 'unit', 'INVALID_INPUT'],
  ])('refuses %s, naming the field and the reason, and changes nothing', async (_what, change, field, reason) => {
    const before = await auditCount();
    const input = { code: 'REFUSED_ONE', nameZh: '拒绝', nameEn: 'Refused', level: 'VILLAGE', kind: 'COUNT', unit: 'persons', effective: '2026-10', ...change };
    const res = await api.gql(ADD, { i: input }, t.admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, field });
    expect(await auditCount()).toBe(before);
    expect((await codesOn('2026-10')).has('REFUSED_ONE')).toBe(false);
  });

  it('renames from a month: earlier months keep the old name; a rename no later than the current names is refused', async () => {
    const d = await ok(t.admin!, RENAME, { i: { code: 'CHILD_DIRECTORS', nameZh: '儿童主任（在岗）', nameEn: 'Child directors at work', effective: '2026-10' } });
    expect(d.renameIndicator.names).toEqual([
      { nameZh: '儿童主任', nameEn: 'Village child directors in post', validFrom: '2000-01', validTo: '2026-09' },
      { nameZh: '儿童主任（在岗）', nameEn: 'Child directors at work', validFrom: '2026-10', validTo: null },
    ]);
    expect((await codesOn('2026-09')).get('CHILD_DIRECTORS')).toEqual({ code: 'CHILD_DIRECTORS', nameZh: '儿童主任', nameEn: 'Village child directors in post' });
    expect((await codesOn('2026-10')).get('CHILD_DIRECTORS')).toMatchObject({ nameZh: '儿童主任（在岗）' });
    expect(await lastAudit('INDICATOR_RENAME')).toMatchObject({ target: 'CHILD_DIRECTORS', details: expect.objectContaining({ before: expect.objectContaining({ nameZh: '儿童主任' }) }) });

    const before = await auditCount();
    const again = await api.gql(RENAME, { i: { code: 'CHILD_DIRECTORS', nameZh: '儿童主任二', nameEn: 'Two', effective: '2026-10' } }, t.admin);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_AFTER_CURRENT_VERSION', field: 'effective' });
    const unknown = await api.gql(RENAME, { i: { code: 'NO_SUCH_THING', nameZh: '无', nameEn: 'None', effective: '2026-12' } }, t.admin);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_INDICATOR', field: 'code' });
    expect(await auditCount()).toBe(before);
  });

  it('retires from a month: off the form from then; earlier months keep their figures and totals', async () => {
    await ok(t.clerk!, SAVE, { u: VILLAGE, p: '2026-08', v: [{ indicator: 'GUARDIANSHIP_AGREEMENTS', value: 7 }], e: 0 });
    const d = await ok(t.admin!, RETIRE, { i: { code: 'GUARDIANSHIP_AGREEMENTS', effective: '2026-09' } });
    expect(d.retireIndicator).toMatchObject({ validTo: '2026-08', names: [expect.objectContaining({ validTo: '2026-08' })] });
    expect((await codesOn('2026-08')).has('GUARDIANSHIP_AGREEMENTS')).toBe(true);
    expect((await codesOn('2026-09')).has('GUARDIANSHIP_AGREEMENTS')).toBe(false);
    const aug = await ok(t.clerk!, `{ report(unitCode: "${VILLAGE}", period: "2026-08") { values { indicator value } } }`);
    expect(aug.report.values).toEqual([{ indicator: 'GUARDIANSHIP_AGREEMENTS', value: 7 }]);
    const stats = await ok(t.clerk!, `{ stats(unitCode: "${VILLAGE}", period: "2026-08", basis: PROVISIONAL, indicators: ["GUARDIANSHIP_AGREEMENTS"]) { values { indicator } } }`);
    expect(stats.stats.values.map((v: any) => v.indicator)).toEqual(['GUARDIANSHIP_AGREEMENTS']);
    const sept = await api.gql(SAVE, { u: VILLAGE, p: '2026-09', v: [{ indicator: 'GUARDIANSHIP_AGREEMENTS', value: 1 }], e: 0 }, t.clerk);
    expect(sept.errors?.[0]?.extensions.violations).toEqual([expect.objectContaining({ rule: 'E2', indicators: ['GUARDIANSHIP_AGREEMENTS'] })]);
    expect(await lastAudit('INDICATOR_RETIRE')).toMatchObject({ target: 'GUARDIANSHIP_AGREEMENTS', details: { effective: '2026-09', lastMonth: '2026-08' } });
    const twice = await api.gql(RETIRE, { i: { code: 'GUARDIANSHIP_AGREEMENTS', effective: '2026-12' } }, t.admin);
    expect(twice.errors?.[0]?.extensions).toMatchObject({ reason: 'INDICATOR_NOT_IN_FORCE', field: 'code' });
  });

  it.each([
    ['RISK_RED', 'E3'],
    ['LEFT_BEHIND_CHILDREN', 'E3'],
    ['WELFARE_BEDS', 'E4'],
    ['MANDATORY_REPORTS', 'W3'],
    ['ORPHANS_SCATTERED', 'W1'],
    ['SUBSIDY_INSTITUTIONAL_FEN', 'W1'],
  ])('refuses to retire %s, which rule %s is checked on, and changes nothing', async (code, rule) => {
    const before = await auditCount();
    const res = await api.gql(RETIRE, { i: { code, effective: '2026-12' } }, t.admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INDICATOR_IN_RULE', field: 'code', rule });
    expect(res.errors?.[0]?.message).toContain(code);
    expect(await auditCount()).toBe(before);
    expect((await codesOn('2026-12')).has(code)).toBe(true);
  });
});

describe('subsidy standards', () => {
  const COUNTY = '520103';
  const repo = () => api.app.get(IndicatorsRepository);
  const institutional = async (period: string) =>
    (await repo().subsidyStandards('520000000000', `${period}-01`)).find((s) => s.subsidyIndicator === 'SUBSIDY_INSTITUTIONAL_FEN')?.monthlyFen;

  /** The county's own report for a month, with every township exempted, submitted: the warnings it meets. */
  async function submitCounty(period: string): Promise<any> {
    const clerk = t.county103 ?? (t.county103 = await api.tokenFor([Role.CLERK], COUNTY, 'county-103-clerk'));
    const townships = await ok(t.admin!, `{ units(parentCode: "${COUNTY}", period: "${period}", first: 100) { edges { node { code } } } }`);
    for (const e of townships.units.edges) {
      await ok(t.cityApprover!, `mutation($i: ExemptReportInput!) { exemptReport(input: $i) { status } }`, { i: { unitCode: e.node.code, period, reason: 'no figures this month' } });
    }
    // ten orphans in the county's institutions, paid exactly 1,600 yuan each (the 2020 standard)
    const values = [
      { indicator: 'ORPHANS_INSTITUTIONAL', value: 10 },
      { indicator: 'SUBSIDY_INSTITUTIONAL_FEN', value: 10 * 160000 },
      { indicator: 'MANDATORY_REPORTS', value: 1 },
    ];
    await ok(clerk, SAVE, { u: COUNTY, p: period, v: values, e: 0 });
    return api.gql(`mutation($u: ID!, $p: Period!) { submitReport(input: { unitCode: $u, period: $p, expectedVersion: 1 }) { status warnings { rule } } }`, { u: COUNTY, p: period }, clerk);
  }

  it('a new standard from a month applies from then; the months before keep being checked against the one in force then', async () => {
    const nov = await ok(t.admin!, STANDARD, { i: { subsidyIndicator: 'SUBSIDY_INSTITUTIONAL_FEN', monthlyFen: 170000, effective: '2026-11' } });
    expect(nov.setSubsidyStandard).toEqual({
      provinceCode: '520000000000',
      subsidyIndicator: 'SUBSIDY_INSTITUTIONAL_FEN',
      headcountIndicator: 'ORPHANS_INSTITUTIONAL',
      headcountSource: 'OWN',
      monthlyFen: 170000,
      validFrom: '2026-11',
      validTo: null,
    });
    const jan = await ok(t.admin!, STANDARD, { i: { subsidyIndicator: 'SUBSIDY_INSTITUTIONAL_FEN', monthlyFen: 200000, effective: '2027-01' } });
    expect(jan.setSubsidyStandard).toMatchObject({ monthlyFen: 200000, validFrom: '2027-01', validTo: null });

    // October 2026: the 2020 standard, met; November 2026: the new one, not met (W1)
    const oct = await submitCounty('2026-10');
    expect(oct.errors).toBeUndefined();
    expect(oct.data.submitReport).toEqual({ status: 'SUBMITTED', warnings: [] });
    const novReport = await submitCounty('2026-11');
    expect(novReport.errors?.[0]?.extensions.violations).toEqual([expect.objectContaining({ rule: 'W1', indicators: expect.arrayContaining(['SUBSIDY_INSTITUTIONAL_FEN']) })]);
    // the standard each month is checked against: 2026 unchanged by the 2027 one, which applies from 2027-01
    expect(await institutional('2020-01')).toBe(160000);
    expect(await institutional('2026-10')).toBe(160000);
    expect(await institutional('2026-12')).toBe(170000);
    expect(await institutional('2027-01')).toBe(200000);
    expect(await institutional('2030-06')).toBe(200000);

    const history = await ok(t.clerk!, `{ catalogueHistory { subsidyStandards { subsidyIndicator monthlyFen validFrom validTo } } }`);
    expect(history.catalogueHistory.subsidyStandards.filter((s: any) => s.subsidyIndicator === 'SUBSIDY_INSTITUTIONAL_FEN')).toEqual([
      { subsidyIndicator: 'SUBSIDY_INSTITUTIONAL_FEN', monthlyFen: 160000, validFrom: '2020-01', validTo: '2026-10' },
      { subsidyIndicator: 'SUBSIDY_INSTITUTIONAL_FEN', monthlyFen: 170000, validFrom: '2026-11', validTo: '2026-12' },
      { subsidyIndicator: 'SUBSIDY_INSTITUTIONAL_FEN', monthlyFen: 200000, validFrom: '2027-01', validTo: null },
    ]);
    expect(await lastAudit('SUBSIDY_STANDARD_SET')).toMatchObject({
      actor: 'catalogue-admin',
      target: 'SUBSIDY_INSTITUTIONAL_FEN',
      details: expect.objectContaining({ effective: '2027-01', before: expect.objectContaining({ monthlyFen: 170000 }), after: expect.objectContaining({ monthlyFen: 200000 }) }),
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a month no later than the standard in force', { subsidyIndicator: 'SUBSIDY_SCATTERED_FEN', monthlyFen: 1, effective: '2020-01' }, 'effective', 'NOT_AFTER_CURRENT_VERSION'],
    ['a negative amount', { subsidyIndicator: 'SUBSIDY_SCATTERED_FEN', monthlyFen: -1, effective: '2027-02' }, 'monthlyFen', 'INVALID_INPUT'],
    ['a subsidy that is not money', { subsidyIndicator: 'HOME_VISITS', headcountIndicator: 'ORPHANS_SCATTERED', headcountSource: 'VILLAGES', monthlyFen: 1, effective: '2027-02' }, 'subsidyIndicator', 'INVALID_INPUT'],
    ['an unknown subsidy', { subsidyIndicator: 'NO_SUCH_FEN', headcountIndicator: 'ORPHANS_SCATTERED', headcountSource: 'VILLAGES', monthlyFen: 1, effective: '2027-02' }, 'subsidyIndicator', 'UNKNOWN_INDICATOR'],
    ['a headcount not entered where its source says', { subsidyIndicator: 'SUBSIDY_SCATTERED_FEN', headcountIndicator: 'ORPHANS_INSTITUTIONAL', headcountSource: 'VILLAGES', monthlyFen: 1, effective: '2027-02' }, 'headcountIndicator', 'INVALID_INPUT'],
  ])('refuses %s, naming the field, and changes nothing', async (_what, input, field, reason) => {
    const before = await auditCount();
    const res = await api.gql(STANDARD, { i: input }, t.admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, field });
    expect(await auditCount()).toBe(before);
  });
});

describe('deadlines', () => {
  it('sets the province’s deadline for a level from a month; earlier months keep the default', async () => {
    const d = await ok(t.admin!, DEADLINE, { i: { level: 'VILLAGE', days: 7, effective: '2026-11' } });
    expect(d.setReportDeadline).toEqual({ provinceCode: '520000000000', level: 'VILLAGE', days: 7, validFrom: '2026-11', validTo: null });
    await ok(t.admin!, DEADLINE, { i: { level: 'VILLAGE', days: 9, effective: '2027-03' } });
    const repo = api.app.get(IndicatorsRepository);
    expect(await repo.deadlineDays('520000000000', 'VILLAGE', '2026-10-01')).toBe(5);
    expect(await repo.deadlineDays('520000000000', 'VILLAGE', '2026-11-01')).toBe(7);
    expect(await repo.deadlineDays('520000000000', 'VILLAGE', '2027-02-01')).toBe(7);
    expect(await repo.deadlineDays('520000000000', 'VILLAGE', '2027-03-01')).toBe(9);
    expect(await repo.deadlineDays('520000000000', 'TOWNSHIP', '2027-03-01')).toBe(8);
    const history = await ok(t.clerk!, `{ catalogueHistory { reportDeadlines { provinceCode level days validFrom validTo } } }`);
    expect(history.catalogueHistory.reportDeadlines.filter((r: any) => r.level === 'VILLAGE')).toEqual([
      { provinceCode: '520000000000', level: 'VILLAGE', days: 7, validFrom: '2026-11', validTo: '2027-02' },
      { provinceCode: '520000000000', level: 'VILLAGE', days: 9, validFrom: '2027-03', validTo: null },
      { provinceCode: '000000000000', level: 'VILLAGE', days: 5, validFrom: '2000-01', validTo: null },
    ]);
    expect(await lastAudit('DEADLINE_SET')).toMatchObject({ target: 'VILLAGE', details: expect.objectContaining({ effective: '2027-03', after: { level: 'VILLAGE', days: 9 } }) });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['more days than a year', { level: 'COUNTY', days: 400, effective: '2027-01' }, 'days', 'INVALID_INPUT'],
    ['a month no later than the rule in force', { level: 'VILLAGE', days: 6, effective: '2027-03' }, 'effective', 'NOT_AFTER_CURRENT_VERSION'],
  ])('refuses %s, naming the field, and changes nothing', async (_what, input, field, reason) => {
    const before = await auditCount();
    const res = await api.gql(DEADLINE, { i: input }, t.admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, field });
    expect(await auditCount()).toBe(before);
  });
});

describe('the catalogue’s history', () => {
  it('lists every indicator, retired ones too, with its months and names', async () => {
    const d = await ok(t.clerk!, `{ catalogueHistory { indicators { code validFrom validTo names { nameZh validFrom validTo } } } }`);
    const byCode = new Map(d.catalogueHistory.indicators.map((i: any) => [i.code, i]));
    expect(byCode.get('LEFT_BEHIND_CHILDREN')).toMatchObject({ validFrom: '2000-01', validTo: null });
    expect(byCode.get('GUARDIANSHIP_AGREEMENTS')).toMatchObject({ validTo: '2026-08' });
    expect(byCode.get('SCHOOL_VISITS')).toMatchObject({ validFrom: '2026-10' });
    // the indicators query without a month keeps answering the current form
    const now = await ok(t.clerk!, `{ indicators { code } }`);
    expect(now.indicators.map((i: any) => i.code)).toEqual(expect.arrayContaining(['LEFT_BEHIND_CHILDREN', 'SCHOOL_VISITS']));
    expect(now.indicators.map((i: any) => i.code)).not.toContain('GUARDIANSHIP_AGREEMENTS');
  });
});

describe('reminder webhooks', () => {
  const HOOK = `provinceCode level url validFrom validTo`;
  const LIST = `{ reminderWebhooks { ${HOOK} } }`;
  const SET_HOOK = `mutation($l: UnitLevel!, $u: String!, $e: Period!) { setReminderWebhook(level: $l, url: $u, effective: $e) { ${HOOK} } }`;
  const REMOVE_HOOK = `mutation($l: UnitLevel!, $e: Period!) { removeReminderWebhook(level: $l, effective: $e) }`;
  /** Refused at once (nothing listens there), should a reminder be sent to it. */
  const NOWHERE = 'http://127.0.0.1:9';
  const PROVINCE = '520000000000';
  const OTHER_PROVINCE = '530000000000';

  /** A second province (no units below it) and its ADMIN. */
  beforeAll(async () => {
    await api.ownerQuery(
      `INSERT INTO admin_unit (code, name, level, depth, path) SELECT $1, '云南省', 'PROVINCE', 1, '0' WHERE NOT EXISTS (SELECT 1 FROM admin_unit WHERE code = $1)`,
      [OTHER_PROVINCE],
    );
    await api.ownerQuery(`UPDATE admin_unit SET path = id::text::ltree WHERE code = $1`, [OTHER_PROVINCE]);
    t.otherAdmin = await api.tokenFor([Role.ADMIN], OTHER_PROVINCE, 'other-province-admin');
  });

  it('are versioned by month: a change ends the version in force the month before, a removal ends it, each in the audit', async () => {
    const first = await ok(t.admin!, SET_HOOK, { l: 'COUNTY', u: `${NOWHERE}/county`, e: '2026-09' });
    expect(first.setReminderWebhook).toEqual({ provinceCode: PROVINCE, level: 'COUNTY', url: `${NOWHERE}/county`, validFrom: '2026-09', validTo: null });
    await ok(t.admin!, SET_HOOK, { l: 'COUNTY', u: `${NOWHERE}/county-2`, e: '2026-11' });
    await ok(t.admin!, SET_HOOK, { l: 'VILLAGE', u: `${NOWHERE}/village`, e: '2026-10' });
    const mine = (await ok(t.admin!, LIST)).reminderWebhooks.filter((w: any) => w.level === 'COUNTY' || w.level === 'VILLAGE');
    expect(mine).toEqual([
      { provinceCode: PROVINCE, level: 'COUNTY', url: `${NOWHERE}/county`, validFrom: '2026-09', validTo: '2026-10' },
      { provinceCode: PROVINCE, level: 'COUNTY', url: `${NOWHERE}/county-2`, validFrom: '2026-11', validTo: null },
      { provinceCode: PROVINCE, level: 'VILLAGE', url: `${NOWHERE}/village`, validFrom: '2026-10', validTo: null },
    ]);
    expect(await lastAudit('REMINDER_WEBHOOK_SET')).toMatchObject({ actor: 'catalogue-admin', target: 'VILLAGE' });
    const [changed] = await api.db.query(`SELECT details FROM admin_audit WHERE action = 'REMINDER_WEBHOOK_SET' AND target = 'COUNTY' ORDER BY id DESC LIMIT 1`);
    expect(changed.details).toEqual({
      effective: '2026-11',
      before: { provinceCode: PROVINCE, level: 'COUNTY', url: `${NOWHERE}/county`, validFrom: '2026-09', validTo: null },
      after: { level: 'COUNTY', url: `${NOWHERE}/county-2` },
    });

    // the history is added to, never rewritten: a change takes effect after the month the current version began
    const before = await auditCount();
    for (const [query, variables] of [
      [SET_HOOK, { l: 'COUNTY', u: `${NOWHERE}/county-3`, e: '2026-11' }],
      [SET_HOOK, { l: 'COUNTY', u: `${NOWHERE}/county-3`, e: '2026-10' }],
      [REMOVE_HOOK, { l: 'VILLAGE', e: '2026-10' }],
    ] as const) {
      const res = await api.gql(query, variables, t.admin);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_AFTER_CURRENT_VERSION', field: 'effective' });
    }
    expect(await auditCount()).toBe(before);

    expect((await ok(t.admin!, REMOVE_HOOK, { l: 'VILLAGE', e: '2026-12' })).removeReminderWebhook).toBe(true);
    expect(await lastAudit('REMINDER_WEBHOOK_REMOVE')).toMatchObject({
      target: 'VILLAGE',
      details: { effective: '2026-12', before: { url: `${NOWHERE}/village`, validFrom: '2026-10', validTo: null } },
    });
    expect((await ok(t.admin!, LIST)).reminderWebhooks.filter((w: any) => w.level === 'VILLAGE')).toEqual([
      { provinceCode: PROVINCE, level: 'VILLAGE', url: `${NOWHERE}/village`, validFrom: '2026-10', validTo: '2026-11' },
    ]);
    const afterRemoval = await auditCount();
    expect((await ok(t.admin!, REMOVE_HOOK, { l: 'VILLAGE', e: '2027-01' })).removeReminderWebhook).toBe(false); // none in force
    // the removal from 2026-12 is the current version now: a new one begins after it
    const early = await api.gql(SET_HOOK, { l: 'VILLAGE', u: `${NOWHERE}/village-2`, e: '2026-12' }, t.admin);
    expect(early.errors?.[0]?.extensions).toMatchObject({ reason: 'NOT_AFTER_CURRENT_VERSION', field: 'effective' });
    expect(await auditCount()).toBe(afterRemoval);

    expect((await api.gql(LIST, {}, t.countyAdmin)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('belong to a province: another province’s ADMIN sees none of them and changes none', async () => {
    await ok(t.admin!, SET_HOOK, { l: 'CITY', u: `${NOWHERE}/city`, e: '2026-06' });
    const ours = (await ok(t.admin!, LIST)).reminderWebhooks;
    expect(ours.length).toBeGreaterThan(0);

    expect((await ok(t.otherAdmin!, LIST)).reminderWebhooks).toEqual([]);
    expect((await ok(t.otherAdmin!, REMOVE_HOOK, { l: 'CITY', e: '2027-02' })).removeReminderWebhook).toBe(false); // they have none
    const theirs = await ok(t.otherAdmin!, SET_HOOK, { l: 'CITY', u: `${NOWHERE}/other-city`, e: '2026-06' });
    expect(theirs.setReminderWebhook).toEqual({ provinceCode: OTHER_PROVINCE, level: 'CITY', url: `${NOWHERE}/other-city`, validFrom: '2026-06', validTo: null });
    const [otherUnit] = await api.db.query(`SELECT id FROM admin_unit WHERE code = $1`, [OTHER_PROVINCE]);
    expect(await lastAudit('REMINDER_WEBHOOK_SET')).toMatchObject({ actor: 'other-province-admin', target: 'CITY', unitId: otherUnit.id });

    expect((await ok(t.admin!, LIST)).reminderWebhooks).toEqual(ours); // ours did not move
    expect((await ok(t.otherAdmin!, LIST)).reminderWebhooks).toEqual([theirs.setReminderWebhook]);
  });

  it('are told the overdue units of their province and level, as the webhook stood in the report’s month', async () => {
    const received: { url: string; body: any }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ url: req.url!, body: JSON.parse(body) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as { port: number };
      const here = `http://127.0.0.1:${port}`;
      await ok(t.admin!, SET_HOOK, { l: 'TOWNSHIP', u: `${here}/ours`, e: '2026-11' });
      await ok(t.otherAdmin!, SET_HOOK, { l: 'TOWNSHIP', u: `${here}/theirs`, e: '2026-01' });

      // 20 December: the townships' October and November reports are both overdue
      await api.app.get(DeadlinesService).flagOverdue(new Date('2026-12-20T00:00:00Z'));
      const townships = received.filter((r) => r.body.level === 'TOWNSHIP');
      expect(townships.length).toBeGreaterThan(0);
      expect(townships.every((r) => r.url === '/ours' && r.body.provinceCode === PROVINCE)).toBe(true); // the other province has no townships
      expect(new Set(townships.map((r) => r.body.period))).toEqual(new Set(['2026-11'])); // set from 2026-11: not told of October
      expect(townships.flatMap((r) => r.body.unitCodes)).toContain(TOWNSHIP);
    } finally {
      server.close();
    }
  }, 60_000);

  it.each(['ftp://example.org/x', 'not a url', 'https://user:secret@example.org/x'])('refuses %s as a URL, naming the field', async (url) => {
    const before = await auditCount();
    const res = await api.gql(`mutation($u: String!) { setReminderWebhook(level: CITY, url: $u, effective: "2031-01") { url } }`, { u: url }, t.admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT', field: 'url' });
    expect(await auditCount()).toBe(before);
  });
});

describe('notification contacts', () => {
  const CONTACTS = `{ notificationContacts { username unitCode email webhookUrl } }`;
  const SET = `mutation($i: SetNotificationContactInput!) { setNotificationContact(input: $i) { username unitCode email webhookUrl } }`;

  it('are kept by an administrator for the users of their subtree, audited; outside it a user is NOT_FOUND', async () => {
    await api.tokenFor([Role.CLERK], TOWNSHIP, 'township-clerk');
    await api.tokenFor([Role.CLERK], '520103', 'other-county-clerk');
    const set = await ok(t.countyAdmin!, SET, { i: { username: 'township-clerk', email: 'clerk@example.org' } });
    expect(set.setNotificationContact).toEqual({ username: 'township-clerk', unitCode: TOWNSHIP, email: 'clerk@example.org', webhookUrl: null });
    await ok(t.countyAdmin!, SET, { i: { username: 'township-clerk', email: 'clerk2@example.org', webhookUrl: 'https://example.org/me' } });
    await ok(t.admin!, SET, { i: { username: 'other-county-clerk', email: 'other@example.org' } });
    expect((await ok(t.countyAdmin!, CONTACTS)).notificationContacts).toEqual([
      { username: 'township-clerk', unitCode: TOWNSHIP, email: 'clerk2@example.org', webhookUrl: 'https://example.org/me' },
    ]);
    expect((await ok(t.admin!, CONTACTS)).notificationContacts.map((c: any) => c.username)).toEqual(['other-county-clerk', 'township-clerk']);
    expect(await lastAudit('NOTIFICATION_CONTACT_SET')).toMatchObject({ actor: 'catalogue-admin', target: 'other-county-clerk' });

    const before = await auditCount();
    for (const name of ['other-county-clerk', 'nobody-at-all']) {
      const res = await api.gql(SET, { i: { username: name, email: 'x@example.org' } }, t.countyAdmin);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'username' });
    }
    const bad = await api.gql(SET, { i: { username: 'township-clerk', email: 'not an address' } }, t.countyAdmin);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT', field: 'email' });
    expect((await api.gql(CONTACTS, {}, t.clerk)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await auditCount()).toBe(before);

    expect((await ok(t.countyAdmin!, `mutation { removeNotificationContact(username: "township-clerk") }`)).removeNotificationContact).toBe(true);
    expect(await lastAudit('NOTIFICATION_CONTACT_REMOVE')).toMatchObject({ actor: 'county-admin', target: 'township-clerk' });
    expect((await ok(t.countyAdmin!, CONTACTS)).notificationContacts).toEqual([]);
    expect((await ok(t.countyAdmin!, `mutation { removeNotificationContact(username: "township-clerk") }`)).removeNotificationContact).toBe(false);
  });
});
