/**
 * Statistics and the sync feed, on data pushed through the real workflow,
 * with the totals checked against sums computed here.
 */
import request from 'supertest';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';

const PERIOD = '2026-10';
let api: TestApi;
let worker: TestWorker;
const t: Record<string, string> = {};
let villages: string[] = [];
const approvedSum = new Map<string, number>();
const provisionalSum = new Map<string, number>();

const ok = (token: string, query: string, variables: Record<string, unknown> = {}) => api.ok(token, query, variables);

const valuesFor = (i: number) => [
  { indicator: 'LEFT_BEHIND_CHILDREN', value: 3 + (i % 5) },
  { indicator: 'CHILDREN_IN_DIFFICULTY', value: i % 3 },
  { indicator: 'RISK_RED', value: i % 2 },
  { indicator: 'RISK_GREEN', value: 2 },
  { indicator: 'HOME_VISITS', value: 10 + i },
];

async function approveVillage(code: string, values: { indicator: string; value: number }[]) {
  const r = (await ok(t.clerk, `query($u: ID!) { report(unitCode: $u, period: "${PERIOD}") { version status } }`, { u: code })).report;
  const saved = await ok(t.clerk, `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, { i: { unitCode: code, period: PERIOD, values, expectedVersion: r?.version ?? 0 } });
  const submitted = await ok(t.clerk, `mutation { submitReport(input: { unitCode: "${code}", period: "${PERIOD}", expectedVersion: ${saved.saveReport.version} }) { version } }`);
  await ok(t.approver, `mutation { approveReport(input: { unitCode: "${code}", period: "${PERIOD}", expectedVersion: ${submitted.submitReport.version} }) { status } }`);
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  worker = await startTestWorker({ databaseUrl: api.config.databaseUrl, redisPrefix: api.config.redisPrefix });
  t.viewer = await api.tokenFor([Role.VIEWER], '52');
  t.clerk = await api.tokenFor([Role.CLERK], '520102');
  t.approver = await api.tokenFor([Role.APPROVER], '520102');
  t.sibling = await api.tokenFor([Role.VIEWER], '520103');
  const d = await ok(t.viewer, `{ units(parentCode: "520102", first: 2) { edges { node { children(first: 10) { edges { node { code } } } } } } }`);
  villages = d.units.edges.flatMap((e: any) => e.node.children.edges.map((c: any) => c.node.code));
  for (const [i, code] of villages.entries()) {
    const values = valuesFor(i);
    if (i % 4 === 3) {
      // submitted, not approved: PROVISIONAL only
      await ok(t.clerk, `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, { i: { unitCode: code, period: PERIOD, values, expectedVersion: 0 } });
      await ok(t.clerk, `mutation { submitReport(input: { unitCode: "${code}", period: "${PERIOD}", expectedVersion: 1 }) { version } }`);
    } else {
      await approveVillage(code, values);
      for (const v of values) approvedSum.set(v.indicator, (approvedSum.get(v.indicator) ?? 0) + v.value);
    }
    for (const v of values) provisionalSum.set(v.indicator, (provisionalSum.get(v.indicator) ?? 0) + v.value);
  }
  await worker.settle();
});
afterAll(async () => {
  await worker?.app.close();
  await api?.close();
});

const asMap = (values: { indicator: string; value: number }[]) => Object.fromEntries(values.filter((v) => v.value !== 0).map((v) => [v.indicator, v.value]));

describe('stats', () => {
  it('gives the province totals on both bases, equal to the sums of what was approved / submitted', async () => {
    const q = `query($b: StatsBasis) { stats(unitCode: "52", period: "${PERIOD}", basis: $b) { unit { code } basis values { indicator value } completeness { expected submitted approved } computedAt } }`;
    const approved = (await ok(t.viewer, q, { b: 'APPROVED' })).stats;
    expect(asMap(approved.values)).toEqual(Object.fromEntries(approvedSum));
    expect(approved.values).toHaveLength(26); // every indicator, zeros included
    expect(approved.completeness).toMatchObject({ expected: 19572, submitted: villages.length, approved: villages.length - Math.floor(villages.length / 4) });
    const provisional = (await ok(t.viewer, q, { b: 'PROVISIONAL' })).stats;
    expect(asMap(provisional.values)).toEqual(Object.fromEntries(provisionalSum));
    const some = (await ok(t.viewer, `{ stats(unitCode: "5201", period: "${PERIOD}", indicators: ["HOME_VISITS", "CHILD_HOMES"]) { values { indicator value } } }`)).stats;
    expect(some.values).toEqual([{ indicator: 'HOME_VISITS', value: approvedSum.get('HOME_VISITS') }, { indicator: 'CHILD_HOMES', value: 0 }]);
  });

  it('breaks the province down by its 9 cities, and derives what officials ask for', async () => {
    const rows = (await ok(t.viewer, `{ statsBreakdown(unitCode: "52", period: "${PERIOD}") { unit { code name } values { indicator value } completeness { expected } } }`)).statsBreakdown;
    expect(rows).toHaveLength(9);
    const guiyang = rows.find((r: any) => r.unit.code === '520100000000');
    expect(asMap(guiyang.values)).toEqual(Object.fromEntries(approvedSum));
    expect(rows.filter((r: any) => r !== guiyang).every((r: any) => r.values.every((v: any) => v.value === 0))).toBe(true);
    expect(rows.reduce((n: number, r: any) => n + r.completeness.expected, 0)).toBe(19572 - 1);

    const d = (await ok(t.viewer, `{ stats(unitCode: "520102", period: "${PERIOD}") { derived { monitoredChildren redOrangeShare subsidies { indicator eligible belowStandard } } } }`)).stats.derived;
    const monitored = approvedSum.get('RISK_RED')! + approvedSum.get('RISK_GREEN')!;
    expect(d.monitoredChildren).toBe(monitored);
    expect(d.redOrangeShare).toBeCloseTo(approvedSum.get('RISK_RED')! / monitored, 10);
    expect(d.subsidies.map((s: any) => s.indicator).sort()).toEqual(['SUBSIDY_DEFACTO_FEN', 'SUBSIDY_INSTITUTIONAL_FEN', 'SUBSIDY_SCATTERED_FEN']);
  });

  it('reads the province dashboard (province + 9 cities, every indicator) in 3 statements or fewer', async () => {
    const dashboard = `{ stats(unitCode: "52", period: "${PERIOD}") { values { indicator value } completeness { expected submitted approved onTime } }
      statsBreakdown(unitCode: "52", period: "${PERIOD}") { unit { code name } values { indicator value } completeness { expected submitted approved onTime } } }`;
    await ok(t.viewer, dashboard); // warm the indicator catalogue cache
    api.statements.reset();
    await ok(t.viewer, '{ __typename }');
    const auth = api.statements.count;
    api.statements.reset();
    await ok(t.viewer, dashboard);
    expect(api.statements.count - auth).toBeLessThanOrEqual(3);
  });

  it('reads AdminUnit.stats for a page of units in the same number of statements whatever the page size', async () => {
    const q = (n: number) => `{ units(parentCode: "5201", first: ${n}) { edges { node { code stats(period: "${PERIOD}") { values { indicator value } completeness { expected } } } } } }`;
    api.statements.reset();
    await ok(t.viewer, q(2));
    const small = api.statements.count;
    api.statements.reset();
    const large = await ok(t.viewer, q(10));
    expect(api.statements.count).toBe(small);
    const nanming = large.units.edges.find((e: any) => e.node.code === '520102000000');
    expect(asMap(nanming.node.stats.values)).toEqual(Object.fromEntries(approvedSum));
  });

  it('gives a time series of one indicator, month by month', async () => {
    const s = (await ok(t.viewer, `{ timeSeries(unitCode: "52", indicator: "HOME_VISITS", from: "2026-08", to: "2026-10") { period value } }`)).timeSeries;
    expect(s).toEqual([
      { period: '2026-08', value: 0 },
      { period: '2026-09', value: 0 },
      { period: '2026-10', value: approvedSum.get('HOME_VISITS') },
    ]);
    const bad = await api.gql(`{ timeSeries(unitCode: "52", indicator: "NOPE", from: "2026-08", to: "2026-10") { value } }`, {}, t.viewer);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_INDICATOR' });
  });

  it('answers NOT_FOUND for a unit outside the caller’s subtree', async () => {
    for (const q of [
      `{ stats(unitCode: "520102", period: "${PERIOD}") { basis } }`,
      `{ statsBreakdown(unitCode: "520102", period: "${PERIOD}") { basis } }`,
      `{ timeSeries(unitCode: "520102", indicator: "HOME_VISITS", from: "2026-10", to: "2026-10") { value } }`,
    ]) {
      expect((await api.gql(q, {}, t.sibling)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    }
  });

  it('exports the breakdown as CSV with Chinese headers', async () => {
    const res = await request(api.app.getHttpServer()).get(`/exports/stats-breakdown/52/${PERIOD}.csv`).set('authorization', `Bearer ${t.viewer}`);
    expect(res.status).toBe(200);
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]!.startsWith('单位代码,单位名称,农村留守儿童')).toBe(true);
    expect(lines.filter(Boolean)).toHaveLength(10);
    expect((await request(api.app.getHttpServer()).get(`/exports/stats-breakdown/520102/${PERIOD}.csv`).set('authorization', `Bearer ${t.sibling}`)).status).toBe(404);
  });
});

describe('the sync feed', () => {
  it('gives a consumer every approved figure at its latest value while approvals and reopenings go on', async () => {
    const keyToken = (await ok(await api.tokenFor([Role.ADMIN], '52'), `mutation { createApiKey(input: { name: "nightly-sync", unitCode: "520102" }) { secret } }`)).createApiKey.secret;
    const copy = new Map<string, number>();
    let cursor: string | null = null;
    let pages = 0;
    let changesDuringSync = 0;
    let settled = false;
    const extra = villages.slice(0, 6);
    for (;;) {
      const page: any = (await ok(keyToken, `query($s: String) { changes(since: $s, first: 7) { items { unitCode period indicator value } nextCursor hasMore } }`, { s: cursor })).changes;
      for (const it of page.items) {
        const key = `${it.unitCode}|${it.period}|${it.indicator}`;
        if (it.value === null) copy.delete(key);
        else copy.set(key, it.value);
      }
      cursor = page.nextCursor;
      pages++;
      // meanwhile, someone reopens an approved village and approves it again with other figures
      if (changesDuringSync < extra.length) {
        const code = extra[changesDuringSync]!;
        const r = (await ok(t.clerk, `{ report(unitCode: "${code}", period: "${PERIOD}") { status } }`)).report;
        if (r.status === 'APPROVED') {
          await ok(t.approver, `mutation { reopenReport(input: { unitCode: "${code}", period: "${PERIOD}", reason: "sync test" }) { status } }`);
          if (changesDuringSync % 2 === 0) await approveVillage(code, [{ indicator: 'HOME_VISITS', value: 1000 + changesDuringSync }]);
        }
        changesDuringSync++;
        continue;
      }
      if (!page.hasMore) {
        // the worker numbers what changed meanwhile; once it is quiet, a last read brings the rest
        if (settled) break;
        await worker.settle();
        settled = true;
      }
    }
    // what the consumer holds is exactly the approved figures of its subtree now
    const truth: { key: string; value: number }[] = await api.db.query(
      `SELECT u.code || '|' || to_char(r.period, 'YYYY-MM') || '|' || v.indicator AS key, v.value
         FROM report r JOIN admin_unit u ON u.id = r.unit_id JOIN report_value v ON v.report_id = r.id
        WHERE r.status = 'APPROVED' AND u.code LIKE '520102%'`,
    );
    expect(Object.fromEntries([...copy].sort())).toEqual(Object.fromEntries(truth.map((r) => [r.key, Number(r.value)]).sort()));
    expect(pages).toBeGreaterThan(3);
    const again = (await ok(keyToken, `query($s: String) { changes(since: $s) { items { unitCode } hasMore } }`, { s: cursor })).changes;
    expect(again).toEqual({ items: [], hasMore: false });

    // and, summed, it is what the rollups hold for the county
    await worker.settle();
    const rolled = (await ok(t.viewer, `{ stats(unitCode: "520102", period: "${PERIOD}") { values { indicator value } } }`)).stats.values;
    const summed = new Map<string, number>();
    for (const [key, value] of copy) summed.set(key.split('|')[2]!, (summed.get(key.split('|')[2]!) ?? 0) + value);
    expect(asMap(rolled)).toEqual(Object.fromEntries([...summed].filter(([, v]) => v !== 0)));
  });

  it('shows an API key nothing outside its subtree, and refuses a forged cursor', async () => {
    const other = (await ok(await api.tokenFor([Role.ADMIN], '52'), `mutation { createApiKey(input: { name: "other", unitCode: "520103" }) { secret } }`)).createApiKey.secret;
    expect((await ok(other, `{ changes(first: 1000) { items { unitCode } hasMore } }`)).changes).toEqual({ items: [], hasMore: false });
    const forged = await api.gql(`{ changes(since: "x", first: 10) { hasMore } }`, {}, other);
    expect(forged.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    const tooMany = await api.gql(`{ changes(first: 1001) { hasMore } }`, {}, other);
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PAGE' });
  });
});
