/**
 * Report.actions is exact: in a few states and for a few roles, every action
 * it lists is accepted by the server, and every one it leaves out is refused
 * by a workflow rule and changes nothing. Report.dueAt is the deadline a
 * submission is judged late by. On Guizhou's real tree, in 南明区 (520102).
 */
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

const PERIOD = '2026-10';
const ALL = ['SAVE', 'SUBMIT', 'APPROVE', 'RETURN', 'REOPEN', 'EXEMPT'] as const;
type Action = (typeof ALL)[number];
/** The refusals of the workflow's rules (never a bad input: every request below is well-formed). */
const RULE_REFUSALS = ['NOT_ALLOWED', 'INVALID_TRANSITION', 'REPORT_LOCKED', 'SELF_APPROVAL', 'PARENT_APPROVED', 'CHILDREN_NOT_APPROVED'];
const VILLAGE_VALUES = [
  { indicator: 'LEFT_BEHIND_CHILDREN', value: 12 },
  { indicator: 'CHILDREN_IN_DIFFICULTY', value: 3 },
  { indicator: 'ORPHANS_SCATTERED', value: 2 },
  { indicator: 'DEFACTO_UNSUPPORTED', value: 1 },
  { indicator: 'RISK_RED', value: 1 },
  { indicator: 'RISK_GREEN', value: 10 },
  { indicator: 'CHILD_HOMES', value: 1 },
];

let api: TestApi;
const t: Record<string, string> = {};
let townships: string[] = [];
const villagesOf = new Map<string, string[]>();
/** Villages no test has touched yet, each used once. */
let pool: string[] = [];

const ok = (token: string, query: string, variables: Record<string, unknown> = {}) => api.ok(token, query, variables);

const codesUnder = (parentCode: string) => api.codesUnder(t.admin!, parentCode);

async function read(token: string, unitCode: string): Promise<{ status: string; version: number; actions: Action[]; dueAt: string; late: boolean }> {
  return (await ok(token, `query($u: ID!, $p: Period!) { report(unitCode: $u, period: $p) { status version actions dueAt late } }`, { u: unitCode, p: PERIOD })).report;
}

/** Takes the action with a well-formed request: only a workflow rule can refuse it. */
function perform(token: string, action: Action, unitCode: string, version: number) {
  const base = { unitCode, period: PERIOD };
  const values = unitCode.endsWith('000') ? [] : VILLAGE_VALUES;
  const [mutation, input, type] = {
    SAVE: ['saveReport', { ...base, values, expectedVersion: version }, 'SaveReportInput'],
    SUBMIT: ['submitReport', { ...base, expectedVersion: version }, 'SubmitReportInput'],
    APPROVE: ['approveReport', { ...base, expectedVersion: version }, 'ApproveReportInput'],
    RETURN: ['returnReport', { ...base, expectedVersion: version, reasonCode: 'OTHER', comment: 'please check' }, 'ReturnReportInput'],
    REOPEN: ['reopenReport', { ...base, reason: 'a correction' }, 'ReopenReportInput'],
    EXEMPT: ['exemptReport', { ...base, reason: 'nobody lives there now' }, 'ExemptReportInput'],
  }[action] as [string, Record<string, unknown>, string];
  return api.gql(`mutation($i: ${type}!) { r: ${mutation}(input: $i) { status version } }`, { i: input }, token);
}

const save = async (token: string, code: string) => (await ok(token, `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, { i: { unitCode: code, period: PERIOD, values: code.endsWith('000') ? [] : VILLAGE_VALUES, expectedVersion: 0 } })).saveReport.version as number;
const step = async (token: string, action: Action, code: string) => {
  const res = await perform(token, action, code, (await read(token, code))?.version ?? 0);
  if (res.errors) throw new Error(`${action} ${code}: ${JSON.stringify(res.errors)}`);
};

/** Ways to bring a fresh unit to a state; each returns the unit's code. */
const states = {
  villageDraft: async () => {
    const v = pool.shift()!;
    await save(t.editor!, v);
    return v;
  },
  villageSubmitted: async () => {
    const v = await states.villageDraft();
    await step(t.editor!, 'SUBMIT', v);
    return v;
  },
  villageSubmittedByClerkApprover: async () => {
    const v = pool.shift()!;
    await save(t.clerkApprover!, v);
    await step(t.clerkApprover!, 'SUBMIT', v);
    return v;
  },
  villageApproved: async () => {
    const v = await states.villageSubmitted();
    await step(t.approver!, 'APPROVE', v);
    return v;
  },
  villageExempted: async () => {
    const v = pool.shift()!;
    await step(t.approver!, 'EXEMPT', v);
    return v;
  },
};

/**
 * Brings a unit to the state, reads its actions as `token`, checks them
 * against `expected`, has every other action refused by a rule with nothing
 * changed, then takes each listed one (the first on this unit, the others on
 * fresh units brought to the same state) and sees it accepted.
 */
async function verify(prepare: () => Promise<string>, token: string, expected: Action[]) {
  const unit = await prepare();
  const before = await read(token, unit);
  expect(before.actions).toEqual(expected);
  for (const action of ALL.filter((a) => !before.actions.includes(a))) {
    const res = await perform(token, action, unit, before.version);
    expect({ action, reason: res.errors?.[0]?.extensions?.reason }).toEqual({ action, reason: expect.stringMatching(new RegExp(`^(${RULE_REFUSALS.join('|')})$`)) });
    expect(await read(token, unit)).toEqual(before);
  }
  for (const [i, action] of before.actions.entries()) {
    const target = i === 0 ? unit : await prepare();
    const current = await read(token, target);
    expect(current.actions).toEqual(expected);
    const res = await perform(token, action, target, current.version);
    expect({ action, errors: res.errors }).toEqual({ action, errors: undefined });
  }
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  t.admin = await api.tokenFor([Role.ADMIN], '52');
  townships = await codesUnder('520102');
  for (const code of townships.slice(0, 4)) villagesOf.set(code, await codesUnder(code));
  pool = [...villagesOf.get(townships[0]!)!, ...villagesOf.get(townships[3]!)!];
  t.editor = await api.tokenFor([Role.CLERK], '520102', 'actions-editor');
  t.clerk = await api.tokenFor([Role.CLERK], '520102', 'actions-clerk');
  t.approver = await api.tokenFor([Role.APPROVER], '520102', 'actions-approver');
  t.clerkApprover = await api.tokenFor([Role.CLERK, Role.APPROVER], '520102', 'actions-clerk-approver');
  t.townshipClerk = await api.tokenFor([Role.CLERK], townships[0]!.slice(0, 9), 'actions-township-clerk');
});
afterAll(async () => {
  await api?.close();
});

describe('Report.actions lists exactly what the server accepts', () => {
  it.each<[string, keyof typeof states, string, Action[]]>([
    ['a clerk, on a draft village report', 'villageDraft', 'clerk', ['SAVE', 'SUBMIT']],
    ['an approver, on a draft village report', 'villageDraft', 'approver', ['EXEMPT']],
    ['a clerk who is an approver too, on a draft village report', 'villageDraft', 'clerkApprover', ['SAVE', 'SUBMIT', 'EXEMPT']],
    ['a clerk, on a submitted village report', 'villageSubmitted', 'clerk', []],
    ['an approver, on a submitted village report (no exempting it)', 'villageSubmitted', 'approver', ['APPROVE', 'RETURN']],
    ['the approver who submitted it, on a submitted village report', 'villageSubmittedByClerkApprover', 'clerkApprover', ['RETURN']],
    ['an approver, on an approved village report', 'villageApproved', 'approver', ['REOPEN']],
    ['a clerk, on an approved village report', 'villageApproved', 'clerk', []],
    ['an approver, on an exempted village report', 'villageExempted', 'approver', ['REOPEN']],
  ])('%s', async (_what, state, role, expected) => {
    await verify(states[state], t[role]!, expected);
  });

  it('above village level: submit only once every child is done; nothing under an approved parent', async () => {
    // a township whose villages are not all done: its clerk may save, not submit
    await verify(async () => {
      await save(t.townshipClerk!, townships[0]!);
      return townships[0]!;
    }, t.townshipClerk!, ['SAVE']);

    // two townships whose villages are all exempted: their clerks may submit
    const done = async (township: string) => {
      for (const v of villagesOf.get(township)!) await step(t.approver!, 'EXEMPT', v);
      await save(t.clerk!, township);
      return township;
    };
    const ready = [townships[1]!, townships[2]!];
    await verify(() => done(ready.shift()!), t.clerk!, ['SAVE', 'SUBMIT']);

    // the second is submitted now; approved by the county's approver, it locks its villages
    const township = townships[2]!;
    expect((await read(t.approver!, township)).actions).toEqual(['APPROVE', 'RETURN']);
    await step(t.approver!, 'APPROVE', township);
    const village = villagesOf.get(township)![0]!;
    await verify(async () => village, t.approver!, []);
    // the county's report is not approved: the township can be reopened
    await verify(async () => township, t.approver!, ['REOPEN']);
  });
});

describe('Report.dueAt', () => {
  it('is the deadline a submission is judged late by, the same for every reader', async () => {
    const village = await states.villageDraft();
    const draft = await read(t.editor!, village);
    // October's reports are due a number of days after 31 October, at the end of a day in China (UTC+8)
    expect(draft.dueAt).toMatch(/^2026-11-\d\dT16:00:00\.000Z$/);
    expect((await read(t.approver!, village)).dueAt).toBe(draft.dueAt);
    await step(t.editor!, 'SUBMIT', village);
    const submitted = await read(t.editor!, village);
    expect(submitted.dueAt).toBe(draft.dueAt);
    expect(submitted.late).toBe(Date.now() >= Date.parse(draft.dueAt));
  });
});

describe('a list of reports with their actions and deadlines', () => {
  it('costs the same few statements however long the list', async () => {
    const LIST = `query($u: ID!, $p: Period!, $n: Int!) { reports(underUnit: $u, period: $p, first: $n) { edges { node { unit { code } status actions dueAt } } } }`;
    const statementsOf = async (n: number) => {
      await ok(t.approver!, LIST, { u: '520102', p: PERIOD, n: 1 }); // the caller's identity read and cached first
      const before = api.statements.count;
      const d = await ok(t.approver!, LIST, { u: '520102', p: PERIOD, n });
      return { statements: api.statements.count - before, reports: d.reports.edges.length as number };
    };
    const short = await statementsOf(3);
    const long = await statementsOf(40);
    expect(short.reports).toBe(3);
    expect(long.reports).toBeGreaterThanOrEqual(20);
    expect(long.statements).toBe(short.statements);
  });
});
