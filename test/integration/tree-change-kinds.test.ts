/**
 * Tree changes through the API on the Guizhou tree, with the worker running:
 * each kind's preview lists exactly what its apply changes, the rollups of
 * every affected month equal sums the test keeps itself (and the verifier
 * finds 0 differences), users follow their unit and scope holds.
 */
import { Role } from '@carenet/core';
import { RollupService } from '@carenet/rollup';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';

let api: TestApi;
let worker: TestWorker;
const t: Record<string, string> = {};
/** What the test approved: village code → month → HOME_VISITS. */
const approved = new Map<string, Map<string, number>>();
const villagesOf: Record<string, string[]> = {};
let nextValue = 11;

const T1 = '520102016'; // 新华路街道, moved to 云岩区 (520103) from 2026-07
const T2 = '520102017'; // merged with T3 into 520102099 from 2026-08
const T3 = '520102018';
const T4 = '520103020'; // split into 520103090 and 520103091 from 2026-08
const OTHER = '520103019'; // stays in 云岩区

const ok = (token: string, query: string, variables: Record<string, unknown> = {}) => api.ok(token, query, variables);

async function approve(village: string, period: string) {
  const value = nextValue++;
  await ok(t.clerk52!, `mutation { saveReport(input: { unitCode: "${village}", period: "${period}", values: [{ indicator: "HOME_VISITS", value: ${value} }], expectedVersion: 0 }) { version } }`);
  await ok(t.clerk52!, `mutation { submitReport(input: { unitCode: "${village}", period: "${period}", expectedVersion: 1 }) { version } }`);
  await ok(t.approver52!, `mutation { approveReport(input: { unitCode: "${village}", period: "${period}", expectedVersion: 2 }) { version } }`);
  if (!approved.has(village)) approved.set(village, new Map());
  approved.get(village)!.set(period, value);
}

/** The independent sum: what the test approved for these villages that month. */
function sum(villages: string[], period: string): number {
  return villages.reduce((n, v) => n + (approved.get(v)?.get(period) ?? 0), 0);
}

async function homeVisits(code: string, period: string, token = t.admin!): Promise<number> {
  const d = await ok(token, `{ stats(unitCode: "${code}", period: "${period}", indicators: ["HOME_VISITS"]) { values { indicator value } } }`);
  return d.stats.values.find((v: any) => v.indicator === 'HOME_VISITS').value;
}

const SUMMARY = `kind effective unitsEnded { code name level } unitsCreated { code name level parentCode } reports { period count }
  users { name fromCode toCode } apiKeys { name fromCode toCode } rollupMonths registryFiles { fromCode toCode count }`;

async function preview(input: Record<string, unknown>, token = t.admin!) {
  return api.gql(`query($i: TreeChangeInput!) { previewTreeChange(input: $i) { fingerprint summary { ${SUMMARY} } } }`, { i: input }, token);
}

/** Preview, apply with the preview's fingerprint, and wait for the queued recompute. */
async function change(input: Record<string, unknown>) {
  const res = await preview(input);
  const p = res.data?.previewTreeChange;
  if (!p) throw new Error(`${JSON.stringify(res.errors)} ${JSON.stringify(api.logs.filter((l) => JSON.stringify(l).includes('rror')).slice(-1))}`);
  const applied = await ok(t.admin!, `mutation($i: TreeChangeInput!, $f: String!) { applyTreeChange(input: $i, previewFingerprint: $f) { id fingerprint summary { ${SUMMARY} } } }`, {
    i: input,
    f: p.fingerprint,
  });
  await worker.settle();
  return { preview: p, applied: applied.applyTreeChange };
}

async function verifierDifferences(period: string): Promise<number> {
  return (await worker.app.get(RollupService).verify({ period, provinceCode: '52' })).differences;
}

async function children(code: string, period?: string): Promise<string[]> {
  const d = await ok(t.admin!, `query($c: ID!, $p: Period) { units(parentCode: $c, period: $p, first: 100) { edges { node { code } } } }`, { c: code, p: period ?? null });
  return d.units.edges.map((e: any) => e.node.code);
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  worker = await startTestWorker({ databaseUrl: api.config.databaseUrl, redisPrefix: api.config.redisPrefix });
  t.admin = await api.tokenFor([Role.ADMIN], '52', 'tree-admin');
  t.clerk52 = await api.tokenFor([Role.CLERK], '52');
  t.approver52 = await api.tokenFor([Role.APPROVER], '52');
  t.t1Clerk = await api.tokenFor([Role.CLERK], T1, 't1-clerk');
  t.t2Clerk = await api.tokenFor([Role.CLERK], T2, 't2-clerk');
  t.t3Clerk = await api.tokenFor([Role.CLERK], T3, 't3-clerk');
  t.county102 = await api.tokenFor([Role.APPROVER, Role.VIEWER], '520102', 'c102-approver');
  t.admin5202 = await api.tokenFor([Role.ADMIN], '5202', 'admin-5202');
  t.t1Key = (await ok(t.admin, `mutation { createApiKey(input: { name: "t1-sync", unitCode: "${T1}" }) { secret } }`)).createApiKey.secret;
  for (const township of [T1, T2, T3, T4, OTHER]) villagesOf[township] = (await children(township)).map((c) => c.slice(0, 12));
  for (const p of ['2026-06', '2026-07', '2026-08']) {
    for (const v of villagesOf[T1]!.slice(0, 3)) await approve(v, p);
    for (const v of [...villagesOf[T2]!.slice(0, 2), ...villagesOf[T3]!.slice(0, 2)]) await approve(v, p);
  }
  for (const p of ['2026-07', '2026-08']) for (const v of villagesOf[T4]!.slice(0, 3)) await approve(v, p);
  await approve(villagesOf[OTHER]![0]!, '2026-07');
  await worker.settle();
}, 180_000);
afterAll(async () => {
  await worker?.app.close();
  await api?.close();
});

describe('moving a township to another county', () => {
  let result: Awaited<ReturnType<typeof change>>;
  const input = { kind: 'MOVE', effective: '2026-07', unitCode: T1, newParentCode: '520103' };

  it('is refused outside the administrator’s subtree exactly as if the unit did not exist, and to non-administrators', async () => {
    expect((await preview(input, t.admin5202)).errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await preview(input, t.county102)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('previews what it touches and applies exactly that', async () => {
    result = await change(input);
    const s = result.preview.summary;
    expect(result.applied.summary).toEqual(s);
    expect(result.applied.fingerprint).toBe(result.preview.fingerprint);
    const subtree = [`${T1}000`, ...villagesOf[T1]!];
    expect(s.unitsEnded.map((u: any) => u.code)).toEqual(subtree);
    expect(s.unitsCreated.map((u: any) => u.code)).toEqual(subtree);
    expect(s.unitsCreated[0]).toMatchObject({ parentCode: '520103000000' });
    expect(s.reports).toEqual([{ period: '2026-07', count: 3 }, { period: '2026-08', count: 3 }]);
    expect(s.users).toEqual([{ name: 't1-clerk', fromCode: `${T1}000`, toCode: `${T1}000` }]);
    expect(s.apiKeys).toEqual([{ name: 't1-sync', fromCode: `${T1}000`, toCode: `${T1}000` }]);
    expect(s.rollupMonths).toEqual(['2026-07', '2026-08']);
    // what the apply changed, counted in the database: the reports of July and August now sit on the new rows
    const [moved] = await api.db.query(
      `SELECT count(*) AS n FROM report r JOIN admin_unit u ON u.id = r.unit_id WHERE u.code = ANY($1) AND u.valid_from = '2026-07-01' AND r.period >= '2026-07-01'`,
      [subtree],
    );
    expect(moved.n).toBe(6);
    const [left] = await api.db.query(`SELECT count(*) AS n FROM report r JOIN admin_unit u ON u.id = r.unit_id WHERE u.code = ANY($1) AND u.valid_to IS NOT NULL AND r.period >= '2026-07-01'`, [subtree]);
    expect(left.n).toBe(0);
  });

  it('keeps every affected month’s totals equal to the approved sums, on that month’s tree', async () => {
    const t1 = villagesOf[T1]!;
    const rest102 = [...villagesOf[T2]!, ...villagesOf[T3]!];
    expect(await homeVisits('520103', '2026-07')).toBe(sum([...t1, ...villagesOf[OTHER]!], '2026-07') + sum(villagesOf[T4]!, '2026-07'));
    expect(await homeVisits('520102', '2026-07')).toBe(sum(rest102, '2026-07'));
    expect(await homeVisits('520102', '2026-06')).toBe(sum([...t1, ...rest102], '2026-06')); // June: still under 南明区
    expect(await homeVisits('520103', '2026-06')).toBe(0);
    expect(await homeVisits('5201', '2026-07')).toBe(sum([...t1, ...rest102, ...villagesOf[T4]!, ...villagesOf[OTHER]!], '2026-07'));
    for (const p of ['2026-06', '2026-07', '2026-08']) expect(await verifierDifferences(p)).toBe(0);
  });

  it('lets the township clerk keep working, and shows June’s tree for June', async () => {
    const d = await ok(t.t1Clerk!, `{ unit(code: "${T1}") { validFrom parent { code } } }`);
    expect(d.unit).toEqual({ validFrom: '2026-07', parent: null }); // the county is above the clerk
    const june = await ok(t.admin!, `{ unit(code: "${T1}", period: "2026-06") { validTo parent { code } } }`);
    expect(june.unit).toEqual({ validTo: '2026-06', parent: { code: '520102000000' } });
    expect((await ok(t.admin!, `{ unit(code: "${T1}") { parent { code } predecessors { code kind validTo } } }`)).unit).toEqual({
      parent: { code: '520103000000' },
      predecessors: [{ code: `${T1}000`, kind: 'MOVE', validTo: '2026-06' }],
    });
    const v = villagesOf[T1]![5]!;
    await ok(t.t1Clerk!, `mutation { saveReport(input: { unitCode: "${v}", period: "2026-09", values: [{ indicator: "HOME_VISITS", value: 1 }], expectedVersion: 0 }) { version } }`);
    expect(await homeVisits(T1, '2026-07', t.t1Clerk)).toBe(sum(villagesOf[T1]!, '2026-07'));
    // the old county's approver no longer sees it now
    const res = await api.gql(`{ unit(code: "${T1}") { code } }`, {}, t.county102);
    expect(res.errors![0]!.extensions.code).toBe('NOT_FOUND');
  });

  it('is in the sync feed of the township’s API key, before the figures it moved', async () => {
    let since: string | null = null;
    const events: any[] = [];
    const figures: any[] = [];
    for (let page = 0; page < 50; page++) {
      const d: any = await ok(t.t1Key!, `query($s: String) { changes(since: $s, first: 4) { items { unitCode period value } treeEvents { kind effective units { code validFrom validTo parentCode } } nextCursor hasMore } }`, { s: since });
      events.push(...d.changes.treeEvents);
      figures.push(...d.changes.items);
      since = d.changes.nextCursor;
      if (!d.changes.hasMore) break;
    }
    // the key now reads the township's new rows: July and August's figures, and the move that brought them
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'MOVE', effective: '2026-07' });
    expect(events[0].units).toHaveLength(8); // the new rows; the old ones are not below the key's unit
    expect(events[0].units[0]).toMatchObject({ code: `${T1}000`, validFrom: '2026-07', parentCode: '520103000000' });
    expect(figures.map((f) => f.period).sort()).toEqual(['2026-07', '2026-07', '2026-07', '2026-08', '2026-08', '2026-08']);
  });

  it('is audited with the preview that was shown', async () => {
    const [row] = await api.db.query(`SELECT actor, action, target, details FROM admin_audit WHERE action = 'TREE_MOVE'`);
    expect(row).toMatchObject({ actor: 'tree-admin', action: 'TREE_MOVE', target: `${T1}000` });
    expect(row.details.previewShown).toEqual(result.preview.summary);
  });

  it('refuses an apply whose preview is out of date', async () => {
    const res = await api.gql(`mutation($i: TreeChangeInput!) { applyTreeChange(input: $i, previewFingerprint: "stale") { id } }`, {
      i: { kind: 'RENAME', effective: '2026-08', unitCode: T1, name: '新华路' },
    }, t.admin);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'PREVIEW_OUTDATED' });
  });
});

describe('merging two townships into a new one', () => {
  const NEW = '520102099000';
  it('moves their villages, reports and clerks to the new township; its series is continuous', async () => {
    const { preview: p, applied } = await change({ kind: 'MERGE', effective: '2026-08', unitCodes: [T2, T3], code: NEW, name: '合并街道' });
    expect(applied.summary).toEqual(p.summary);
    expect(p.summary.unitsCreated[0]).toEqual({ code: NEW, name: '合并街道', level: 'TOWNSHIP', parentCode: '520102000000' });
    expect(p.summary.unitsEnded.map((u: any) => u.code).sort()).toEqual([`${T2}000`, `${T3}000`, ...villagesOf[T2]!, ...villagesOf[T3]!].sort());
    expect(p.summary.reports).toEqual([{ period: '2026-08', count: 4 }]);
    expect(p.summary.users.map((u: any) => [u.name, u.toCode])).toEqual([['t2-clerk', NEW], ['t3-clerk', NEW]]);

    const both = [...villagesOf[T2]!, ...villagesOf[T3]!];
    expect((await children(NEW)).map((c) => c.slice(0, 12)).sort()).toEqual([...both].sort());
    // the merged townships' clerks see the new one and work in it
    for (const token of [t.t2Clerk!, t.t3Clerk!]) {
      expect(await homeVisits(NEW, '2026-08', token)).toBe(sum(both, '2026-08'));
    }
    await ok(t.t3Clerk!, `mutation { saveReport(input: { unitCode: "${villagesOf[T2]![6]}", period: "2026-09", values: [{ indicator: "HOME_VISITS", value: 2 }], expectedVersion: 0 }) { version } }`);
    // before the merge, each township's own month on that month's tree
    expect(await homeVisits(T2, '2026-07')).toBe(sum(villagesOf[T2]!, '2026-07'));
    const series = await ok(t.t2Clerk!, `{ timeSeries(unitCode: "${NEW}", indicator: "HOME_VISITS", from: "2026-06", to: "2026-08") { period value } }`);
    expect(series.timeSeries).toEqual(['2026-06', '2026-07', '2026-08'].map((period) => ({ period, value: sum(both, period) })));
    const lineage = await ok(t.admin!, `{ unit(code: "${NEW}") { predecessors { code kind } } }`);
    expect(lineage.unit.predecessors).toEqual([{ code: `${T2}000`, kind: 'MERGE' }, { code: `${T3}000`, kind: 'MERGE' }]);
    for (const period of ['2026-07', '2026-08']) expect(await verifierDifferences(period)).toBe(0);
    expect(await homeVisits('520102', '2026-08')).toBe(sum(both, '2026-08'));
  });
});

describe('splitting a township, naming which villages go where', () => {
  it('gives each part its villages and their figures', async () => {
    const villages = villagesOf[T4]!;
    const parts = [
      { code: '520103090000', name: '甲街道', childCodes: villages.slice(0, 2) },
      { code: '520103091000', name: '乙街道', childCodes: villages.slice(2) },
    ];
    const missing = await preview({ kind: 'SPLIT', effective: '2026-08', unitCode: T4, parts: [parts[0], { ...parts[1], childCodes: villages.slice(3) }] });
    expect(missing.errors![0]!.message).toContain(`parts: every unit below ${T4}000 goes to one part; not given: ${villages[2]}`);

    const { preview: p, applied } = await change({ kind: 'SPLIT', effective: '2026-08', unitCode: T4, parts });
    expect(applied.summary).toEqual(p.summary);
    expect(p.summary.reports).toEqual([{ period: '2026-08', count: 3 }]);
    expect(await homeVisits('520103090', '2026-08')).toBe(sum(villages.slice(0, 2), '2026-08'));
    expect(await homeVisits('520103091', '2026-08')).toBe(sum(villages.slice(2), '2026-08'));
    expect(await homeVisits(T4, '2026-07')).toBe(sum(villages, '2026-07'));
    const old = await ok(t.admin!, `{ unit(code: "${T4}", period: "2026-07") { successors { code kind } } }`);
    expect(old.unit.successors).toEqual([{ code: '520103090000', kind: 'SPLIT' }, { code: '520103091000', kind: 'SPLIT' }]);
    for (const period of ['2026-07', '2026-08']) expect(await verifierDifferences(period)).toBe(0);
  });
});

describe('renaming, creating and retiring', () => {
  it('shows a renamed county’s old name for old months', async () => {
    const before = (await ok(t.admin!, `{ unit(code: "520111") { name } }`)).unit.name;
    await change({ kind: 'RENAME', effective: '2026-08', unitCode: '520111', name: '新名区' });
    const d = await ok(t.admin!, `{ now: unit(code: "520111") { name } july: unit(code: "520111", period: "2026-07") { name } }`);
    expect(d).toEqual({ now: { name: '新名区' }, july: { name: before } });
    expect(await verifierDifferences('2026-08')).toBe(0);
  });

  it('creates a village from a month on', async () => {
    const { preview: p } = await change({ kind: 'CREATE', effective: '2026-10', newParentCode: OTHER, code: `${OTHER}999`, name: '新村' });
    expect(p.summary.unitsCreated).toEqual([{ code: `${OTHER}999`, name: '新村', level: 'VILLAGE', parentCode: `${OTHER}000` }]);
    expect(await children(OTHER, '2026-10')).toContain(`${OTHER}999`);
    expect(await children(OTHER, '2026-09')).not.toContain(`${OTHER}999`);
  });

  it('refuses to retire a village with reports after the retirement, and retires one without; its users stop', async () => {
    const withReport = villagesOf[OTHER]![0]!;
    const res = await preview({ kind: 'RETIRE', effective: '2026-07', unitCode: withReport });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TREE_CHANGE', field: 'effective' });
    expect(res.errors![0]!.message).toContain(`${withReport} has a report for 2026-07`);

    const quiet = villagesOf[OTHER]![1]!;
    const token = await api.tokenFor([Role.CLERK], quiet, 'quiet-clerk');
    const { preview: p } = await change({ kind: 'RETIRE', effective: '2026-07', unitCode: quiet });
    expect(p.summary.users).toEqual([{ name: 'quiet-clerk', fromCode: quiet, toCode: null }]);
    expect((await api.gql(`{ unit(code: "${quiet}", period: "2026-06") { code } }`, {}, token)).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});
