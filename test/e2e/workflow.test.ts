/**
 * The whole approval chain on Guizhou's real tree, through /graphql:
 * villages of one township → the township → 南明区 (520102) → 贵阳市 (5201) → the province,
 * with everything else exempted by its approver, plus return, reopen and the locks.
 */
import { periodsAt, Role, systemClock } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { step } from '../support/step.js';

/** A month long past its deadlines, whatever today is. */
const PERIOD = '2026-10';
/** The month that has not ended yet, from the clock. */
const { current: CURRENT_MONTH, future: NEXT_MONTH } = periodsAt(systemClock.now());
let api: TestApi;
const t: Record<string, string> = {};
let township = '';
let villages: string[] = [];

const REPORT_FIELDS = 'status version late values { indicator value } warnings { rule indicators message } returnReason returnComment changesSinceApproved { indicator approved current }';

async function call(token: string, query: string, variables: Record<string, unknown> = {}) {
  return api.gql(query, variables, token);
}

const ok = (token: string, query: string, variables: Record<string, unknown> = {}) => api.ok(token, query, variables);

const codesUnder = (parentCode: string) => api.codesUnder(t.admin!, parentCode);

const save = (token: string, unitCode: string, values: { indicator: string; value: number }[], expectedVersion: number) =>
  call(token, `mutation($i: SaveReportInput!) { saveReport(input: $i) { ${REPORT_FIELDS} } }`, { i: { unitCode, period: PERIOD, values, expectedVersion } });
const submit = (token: string, unitCode: string, expectedVersion: number, explanations: unknown[] = []) =>
  call(token, `mutation($i: SubmitReportInput!) { submitReport(input: $i) { ${REPORT_FIELDS} } }`, { i: { unitCode, period: PERIOD, expectedVersion, explanations } });
const approve = (token: string, unitCode: string, expectedVersion: number) =>
  call(token, `mutation($i: ApproveReportInput!) { approveReport(input: $i) { ${REPORT_FIELDS} approvedBy } }`, { i: { unitCode, period: PERIOD, expectedVersion } });
const exempt = (token: string, unitCode: string) =>
  ok(token, `mutation($i: ExemptReportInput!) { exemptReport(input: $i) { status } }`, { i: { unitCode, period: PERIOD, reason: 'village emptied by relocation' } });
const getReport = async (token: string, unitCode: string) =>
  (await ok(token, `query($u: ID!, $p: Period!) { report(unitCode: $u, period: $p) { ${REPORT_FIELDS} } }`, { u: unitCode, p: PERIOD })).report;

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  t.admin = await api.tokenFor([Role.ADMIN], '52');
  township = (await codesUnder('520102'))[0]!;
  villages = await codesUnder(township);
  t.countyClerk = await api.tokenFor([Role.CLERK], '520102', 'county-clerk');
  t.townshipClerk = await api.tokenFor([Role.CLERK], township.slice(0, 9));
  t.townshipApprover = await api.tokenFor([Role.APPROVER], township.slice(0, 9), 'township-approver');
  t.countyApprover = await api.tokenFor([Role.APPROVER], '520102');
  t.cityClerk = await api.tokenFor([Role.CLERK], '5201');
  t.cityApprover = await api.tokenFor([Role.APPROVER], '5201');
  t.provinceClerk = await api.tokenFor([Role.CLERK], '52');
  t.provinceApprover = await api.tokenFor([Role.APPROVER], '52');
  t.clerkApprover = await api.tokenFor([Role.CLERK, Role.APPROVER], township.slice(0, 9));
});
afterAll(async () => {
  await api?.close();
});

describe('the monthly chain from villages to the province', () => {
  it('runs from the villages to the provincial sign-off, one step after another', async () => {
  await step('has a township with villages to work on', () => {
    expect(villages.length).toBeGreaterThanOrEqual(3);
  });

  await step('lets the county clerk enter village figures, with every rule failure of a request together', async () => {
    const bad = await save(t.countyClerk!, villages[0]!, [
      { indicator: 'LEFT_BEHIND_CHILDREN', value: -1 },
      { indicator: 'MANDATORY_REPORTS', value: 1 },
      { indicator: 'NO_SUCH_THING', value: 1 },
    ], 0);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VALIDATION_FAILED' });
    const violations = bad.errors![0]!.extensions.violations as { rule: string; indicators: string[] }[];
    expect(violations.map((v) => `${v.rule}:${v.indicators[0]}`).sort()).toEqual(['E1:LEFT_BEHIND_CHILDREN', 'E2:MANDATORY_REPORTS', 'E2:NO_SUCH_THING']);
    expect(await getReport(t.countyClerk!, villages[0]!)).toBeNull(); // nothing was saved

    const risky = await save(t.countyClerk!, villages[0]!, [
      { indicator: 'LEFT_BEHIND_CHILDREN', value: 3 },
      { indicator: 'RISK_RED', value: 4 },
    ], 0);
    expect(risky.errors![0]!.extensions.violations).toEqual([expect.objectContaining({ rule: 'E3' })]);

    for (const [i, code] of villages.slice(0, 2).entries()) {
      const res = await save(t.countyClerk!, code, [
        { indicator: 'LEFT_BEHIND_CHILDREN', value: 12 + i },
        { indicator: 'CHILDREN_IN_DIFFICULTY', value: 3 },
        { indicator: 'ORPHANS_SCATTERED', value: 2 },
        { indicator: 'DEFACTO_UNSUPPORTED', value: 1 },
        { indicator: 'RISK_RED', value: 1 },
        { indicator: 'RISK_GREEN', value: 10 },
        { indicator: 'CHILD_HOMES', value: 1 },
      ], 0);
      expect(res.errors).toBeUndefined();
      expect(res.data.saveReport).toMatchObject({ status: 'DRAFT', version: 1 });
    }
  });

  await step('exempts the other villages, then submits and approves the two with figures', async () => {
    for (const code of villages.slice(2)) await exempt(t.townshipApprover!, code);
    for (const code of villages.slice(0, 2)) {
      const s = await submit(t.countyClerk!, code, 1);
      expect(s.errors).toBeUndefined();
      expect(s.data.submitReport).toMatchObject({ status: 'SUBMITTED', version: 2, late: true }); // due 5 November
    }
    // return one with a reason; the clerk fixes it and submits again
    const returned = await call(t.townshipApprover!, `mutation($i: ReturnReportInput!) { returnReport(input: $i) { ${REPORT_FIELDS} } }`, {
      i: { unitCode: villages[1], period: PERIOD, expectedVersion: 2, reasonCode: 'WRONG_FIGURES', comment: 'left-behind count does not match the registry' },
    });
    expect(returned.data.returnReport).toMatchObject({ status: 'RETURNED', returnReason: 'WRONG_FIGURES', returnComment: 'left-behind count does not match the registry' });
    const fixed = await save(t.countyClerk!, villages[1]!, [
      { indicator: 'LEFT_BEHIND_CHILDREN', value: 11 },
      { indicator: 'CHILDREN_IN_DIFFICULTY', value: 3 },
      { indicator: 'ORPHANS_SCATTERED', value: 2 },
      { indicator: 'DEFACTO_UNSUPPORTED', value: 1 },
      { indicator: 'RISK_RED', value: 1 },
      { indicator: 'RISK_GREEN', value: 10 },
    ], 3);
    expect(fixed.data.saveReport).toMatchObject({ status: 'RETURNED', version: 4 });
    expect((await submit(t.countyClerk!, villages[1]!, 4)).data.submitReport.status).toBe('SUBMITTED');

    for (const code of villages.slice(0, 2)) {
      const current = await getReport(t.townshipApprover!, code);
      const a = await approve(t.townshipApprover!, code, current.version);
      expect(a.errors).toBeUndefined();
      expect(a.data.approveReport).toMatchObject({ status: 'APPROVED', approvedBy: 'township-approver' });
    }
  });

  await step('refuses a stale version, and approval by someone who saved the report', async () => {
    const stale = await save(t.countyClerk!, villages[0]!, [], 1);
    expect(stale.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH', currentVersion: 3 });

    // a clerk-approver of the township saves and submits a village, then may not approve it
    const own = villages[2]!;
    await ok(t.townshipApprover!, `mutation($i: ReopenReportInput!) { reopenReport(input: $i) { status } }`, { i: { unitCode: own, period: PERIOD, reason: 'figures arrived after all' } });
    const r = await getReport(t.clerkApprover!, own);
    expect(r.status).toBe('DRAFT');
    await save(t.clerkApprover!, own, [{ indicator: 'LEFT_BEHIND_CHILDREN', value: 1 }], r.version);
    const submitted = await submit(t.clerkApprover!, own, r.version + 1);
    const self = await approve(t.clerkApprover!, own, submitted.data.submitReport.version);
    expect(self.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SELF_APPROVAL' });
    expect((await approve(t.townshipApprover!, own, submitted.data.submitReport.version)).data.approveReport.status).toBe('APPROVED');
  });

  await step('reopens an approved village while the township is not approved, and shows the clerk what changed', async () => {
    const before = await getReport(t.countyClerk!, villages[0]!);
    const reopened = await call(t.townshipApprover!, `mutation($i: ReopenReportInput!) { reopenReport(input: $i) { ${REPORT_FIELDS} } }`, {
      i: { unitCode: villages[0], period: PERIOD, reason: 'home visits were left out' },
    });
    expect(reopened.data.reopenReport).toMatchObject({ status: 'RETURNED', returnReason: 'REOPENED', returnComment: 'home visits were left out', changesSinceApproved: [] });
    const values = [...before.values.filter((v: any) => v.indicator !== 'LEFT_BEHIND_CHILDREN'), { indicator: 'LEFT_BEHIND_CHILDREN', value: 13 }, { indicator: 'HOME_VISITS', value: 6 }];
    const edited = await save(t.countyClerk!, villages[0]!, values, reopened.data.reopenReport.version);
    expect(edited.data.saveReport.changesSinceApproved).toEqual([
      { indicator: 'HOME_VISITS', approved: null, current: 6 },
      { indicator: 'LEFT_BEHIND_CHILDREN', approved: 12, current: 13 },
    ]);
    const s = await submit(t.countyClerk!, villages[0]!, edited.data.saveReport.version);
    expect((await approve(t.townshipApprover!, villages[0]!, s.data.submitReport.version)).data.approveReport.status).toBe('APPROVED');
  });

  await step('lets the township submit only once every village is approved or exempted, then the county approves it', async () => {
    const townshipCode = township.slice(0, 9);
    const saved = await save(t.townshipClerk!, townshipCode, [{ indicator: 'CHILD_SUPERVISORS', value: 2 }], 0);
    expect(saved.errors).toBeUndefined();
    const s = await submit(t.townshipClerk!, townshipCode, 1);
    expect(s.errors).toBeUndefined();
    expect((await approve(t.countyApprover!, townshipCode, 2)).data.approveReport.status).toBe('APPROVED');
  });

  await step('locks the villages once the township is approved', async () => {
    const res = await call(t.townshipApprover!, `mutation($i: ReopenReportInput!) { reopenReport(input: $i) { status } }`, {
      i: { unitCode: villages[0], period: PERIOD, reason: 'too late' },
    });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_LOCKED' });
    // an approved village cannot be saved at all: the transition table refuses before the lock is asked
    const saveRes = await save(t.countyClerk!, villages[1]!, [], (await getReport(t.countyClerk!, villages[1]!)).version);
    expect(saveRes.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
  });

  await step('refuses the county submission until the other townships are done, and asks for an explanation of W3', async () => {
    const townships = await codesUnder('520102');
    const blocked = await submit(t.countyClerk!, '520102', 0);
    expect(blocked.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CHILDREN_NOT_APPROVED', missing: townships.length - 1 });
    for (const code of townships.slice(1)) await exempt(t.countyApprover!, code.slice(0, 9));

    const countyValues = [
      { indicator: 'MANDATORY_REPORTS', value: 0 },
      { indicator: 'SUBSIDY_SCATTERED_FEN', value: 4 * 105000 },
      { indicator: 'SUBSIDY_DEFACTO_FEN', value: 2 * 105000 },
      { indicator: 'WELFARE_INSTITUTIONS', value: 1 },
      { indicator: 'WELFARE_BEDS', value: 40 },
    ];
    const saved = await save(t.countyClerk!, '520102', countyValues, 0);
    expect(saved.errors).toBeUndefined();
    const unexplained = await submit(t.countyClerk!, '520102', 1);
    expect(unexplained.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VALIDATION_FAILED' });
    expect(unexplained.errors![0]!.extensions.violations).toEqual([expect.objectContaining({ rule: 'W3', indicators: ['MANDATORY_REPORTS', 'RISK_RED'] })]);

    const explained = await submit(t.countyClerk!, '520102', 1, [{ rule: 'W3', indicator: 'MANDATORY_REPORTS', text: 'the red-grade children are already in care; no new leads this month' }]);
    expect(explained.errors).toBeUndefined();
    expect(explained.data.submitReport.status).toBe('SUBMITTED');
    expect(explained.data.submitReport.warnings).toEqual([expect.objectContaining({ rule: 'W3' })]);
    expect((await approve(t.cityApprover!, '520102', explained.data.submitReport.version)).data.approveReport.status).toBe('APPROVED');
  });

  await step('warns when the county pays less subsidy than its villages’ children need (W1)', async () => {
    const otherCounty = (await codesUnder('5201'))[1]!;
    // the county approver of 520102 is not in this county's chain; a fresh clerk for it
    const clerk = await api.tokenFor([Role.CLERK], otherCounty.slice(0, 6));
    await save(clerk, otherCounty.slice(0, 6), [{ indicator: 'ORPHANS_INSTITUTIONAL', value: 10 }, { indicator: 'SUBSIDY_INSTITUTIONAL_FEN', value: 100 }, { indicator: 'MANDATORY_REPORTS', value: 1 }], 0);
    for (const code of await codesUnder(otherCounty)) await exempt(t.cityApprover!, code.slice(0, 9));
    const res = await submit(clerk, otherCounty.slice(0, 6), 1);
    expect(res.errors![0]!.extensions.violations).toEqual([expect.objectContaining({ rule: 'W1', indicators: expect.arrayContaining(['SUBSIDY_INSTITUTIONAL_FEN']) })]);
  });

  await step('carries the city and the province to the provincial sign-off', async () => {
    const counties = (await codesUnder('5201')).map((c) => c.slice(0, 6)).filter((c) => c !== '520102');
    for (const code of counties) {
      const r = await getReport(t.cityApprover!, code);
      if (!r || r.status !== 'EXEMPTED') {
        if (r?.status === 'SUBMITTED') {
          await ok(t.cityApprover!, `mutation($i: ReturnReportInput!) { returnReport(input: $i) { status } }`, {
            i: { unitCode: code, period: PERIOD, expectedVersion: r.version, reasonCode: 'OTHER', comment: 'exempting this month' },
          });
        }
        await exempt(t.cityApprover!, code);
      }
    }
    const city = await submit(t.cityClerk!, '5201', 0);
    expect(city.errors).toBeUndefined();
    expect((await approve(t.provinceApprover!, '5201', city.data.submitReport.version)).data.approveReport.status).toBe('APPROVED');
    for (const code of (await codesUnder('52')).map((c) => c.slice(0, 4)).filter((c) => c !== '5201')) await exempt(t.provinceApprover!, code);
    const province = await submit(t.provinceClerk!, '52', 0);
    expect(province.errors).toBeUndefined();
    const signed = await approve(t.provinceApprover!, '52', province.data.submitReport.version);
    expect(signed.errors).toBeUndefined();
    expect(signed.data.approveReport.status).toBe('APPROVED');

    // the whole month is locked now: a village that never had a report (the table would allow a first save) is refused by the lock
    const untouched = (await codesUnder((await codesUnder('520102'))[1]!))[0]!;
    const late = await save(t.countyClerk!, untouched, [{ indicator: 'HOME_VISITS', value: 1 }], 0);
    expect(late.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_LOCKED' });
  });

  await step('keeps every action in the audit trail, with the values before and after', async () => {
    const trail = (await ok(t.countyClerk!, `query($u: ID!, $p: Period!) { auditTrail(unitCode: $u, period: $p) { actor action reason version fromStatus toStatus before { indicator value } after { indicator value } } }`, { u: villages[0], p: PERIOD })).auditTrail;
    expect(trail.map((e: any) => e.action)).toEqual(['SAVE', 'SUBMIT', 'APPROVE', 'REOPEN', 'SAVE', 'SUBMIT', 'APPROVE']);
    expect(trail.map((e: any) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(trail[0]).toMatchObject({ actor: 'county-clerk', fromStatus: null, toStatus: 'DRAFT', before: null });
    expect(trail[3]).toMatchObject({ actor: 'township-approver', reason: 'home visits were left out', fromStatus: 'APPROVED', toStatus: 'RETURNED' });
    const edit = trail[4];
    expect(edit.before.find((v: any) => v.indicator === 'LEFT_BEHIND_CHILDREN').value).toBe(12);
    expect(edit.after.find((v: any) => v.indicator === 'LEFT_BEHIND_CHILDREN').value).toBe(13);
    await expect(api.db.query(`UPDATE report_audit SET actor = 'someone else'`)).rejects.toThrow('append-only');
    await expect(api.db.query(`DELETE FROM report_audit`)).rejects.toThrow('append-only');
  });

  await step('lists an approver’s inbox by month and status', async () => {
    const d = await ok(t.townshipApprover!, `query($u: ID!, $p: Period!) { reports(underUnit: $u, period: $p, status: APPROVED, first: 100) { totalCount edges { node { status unit { code } } } } }`, {
      u: township.slice(0, 9),
      p: PERIOD,
    });
    expect(d.reports.totalCount).toBe(4); // the township and its three villages that have figures
    expect(d.reports.edges.every((e: any) => e.node.status === 'APPROVED')).toBe(true);
  });
  }, 180_000);
});

describe('rules that stand alone', () => {
  it.each([
    ['the current month', CURRENT_MONTH],
    ['next month', NEXT_MONTH],
  ])('refuses %s, which has not ended (judged by the clock)', async (_what, period) => {
    const clerk = await api.tokenFor([Role.CLERK], '520103');
    const village = (await codesUnder((await codesUnder('520103'))[0]!))[0]!;
    const res = await call(clerk, `mutation($i: SaveReportInput!) { saveReport(input: $i) { status } }`, { i: { unitCode: village, period, values: [], expectedVersion: 0 } });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FUTURE_PERIOD', field: 'period' });
  });

  it('refuses a first save under an approved ancestor with REPORT_LOCKED (only the lock can refuse it)', async () => {
    // 乌当区 (520112): every township exempted, the county approved; its villages never had a report
    const month = '2026-07';
    const countyClerk = await api.tokenFor([Role.CLERK], '520112');
    const countyApprover = await api.tokenFor([Role.APPROVER], '520112');
    const cityApprover = await api.tokenFor([Role.APPROVER], '5201');
    const townships = await codesUnder('520112');
    for (const code of townships) {
      await ok(countyApprover, `mutation($i: ExemptReportInput!) { exemptReport(input: $i) { status } }`, { i: { unitCode: code.slice(0, 9), period: month, reason: 'test of the lock' } });
    }
    const village = (await codesUnder(townships[0]!))[0]!;
    const before = await call(countyClerk, `mutation($i: SaveReportInput!) { saveReport(input: $i) { status } }`, { i: { unitCode: village, period: month, values: [], expectedVersion: 0 } });
    expect(before.errors).toBeUndefined(); // not locked yet: a first save is allowed
    const submitted = await call(countyClerk, `mutation($i: SubmitReportInput!) { submitReport(input: $i) { version } }`, { i: { unitCode: '520112', period: month, expectedVersion: 0 } });
    expect(submitted.errors).toBeUndefined();
    await ok(cityApprover, `mutation($i: ApproveReportInput!) { approveReport(input: $i) { status } }`, { i: { unitCode: '520112', period: month, expectedVersion: submitted.data.submitReport.version } });

    const other = (await codesUnder(townships[1]!))[0]!;
    const locked = await call(countyClerk, `mutation($i: SaveReportInput!) { saveReport(input: $i) { status } }`, { i: { unitCode: other, period: month, values: [], expectedVersion: 0 } });
    expect(locked.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_LOCKED' });
    const draft = await call(countyClerk, `mutation($i: SaveReportInput!) { saveReport(input: $i) { status } }`, { i: { unitCode: village, period: month, values: [], expectedVersion: 1 } });
    expect(draft.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_LOCKED' });
  });
});
