/**
 * Scope follows a unit's lineage: a township moved to another county keeps its
 * clerk, who still reads and works on the township's months before the move
 * (the predecessor rows, under the old county), and sees nothing else of the
 * old county; the old county's clerk no longer sees the township's months from
 * the move on, and the new county's clerk does not see the months before it.
 */
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;
const t: Record<string, string> = {};
const T1 = '520102016'; // 新华路街道, moved from 南明区 (520102) to 云岩区 (520103) from 2026-07
const SIBLING = '520102017'; // stays in 南明区

const ok = (token: string, query: string, variables: Record<string, unknown> = {}) => api.ok(token, query, variables);

const REPORT = `query($u: ID!, $p: Period!) { report(unitCode: $u, period: $p) { version status values { indicator value } } }`;
const SAVE = `mutation($u: ID!, $p: Period!, $v: Int!, $n: SafeInt!) {
  saveReport(input: { unitCode: $u, period: $p, values: [{ indicator: "CHILD_SUPERVISORS", value: $n }], expectedVersion: $v }) { version } }`;

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  t.admin = await api.tokenFor([Role.ADMIN], '52', 'lineage-admin');
  t.t1Clerk = await api.tokenFor([Role.CLERK], T1, 'moved-clerk');
  t.oldCounty = await api.tokenFor([Role.CLERK], '520102', 'old-county-clerk');
  t.newCounty = await api.tokenFor([Role.CLERK], '520103', 'new-county-clerk');
  // before the move: June's and July's township reports, saved by the township's clerk
  for (const p of ['2026-06', '2026-07']) await ok(t.t1Clerk, SAVE, { u: T1, p, v: 0, n: 2 });
  await ok(t.oldCounty, SAVE, { u: SIBLING, p: '2026-06', v: 0, n: 3 });
  const input = { kind: 'MOVE', effective: '2026-07', unitCode: T1, newParentCode: '520103' };
  const preview = await ok(t.admin, `query($i: TreeChangeInput!) { previewTreeChange(input: $i) { fingerprint } }`, { i: input });
  await ok(t.admin, `mutation($i: TreeChangeInput!, $f: String!) { applyTreeChange(input: $i, previewFingerprint: $f) { id } }`, {
    i: input,
    f: preview.previewTreeChange.fingerprint,
  });
}, 120_000);
afterAll(async () => {
  await api?.close();
});

describe('a township moved to another county', () => {
  it('lets its clerk read and save the township’s report for a month before the move', async () => {
    const june = await ok(t.t1Clerk!, REPORT, { u: T1, p: '2026-06' });
    expect(june.report).toMatchObject({ version: 1, values: [{ indicator: 'CHILD_SUPERVISORS', value: 2 }] });
    const saved = await ok(t.t1Clerk!, SAVE, { u: T1, p: '2026-06', v: 1, n: 4 });
    expect(saved.saveReport.version).toBe(2);
    const unit = await ok(t.t1Clerk!, `{ unit(code: "${T1}", period: "2026-06") { validTo } }`);
    expect(unit.unit).toEqual({ validTo: '2026-06' });
    // a village of the township, before the move, too
    const villages = await ok(t.t1Clerk!, `{ units(parentCode: "${T1}", period: "2026-06", first: 1) { edges { node { code } } } }`);
    const village = villages.units.edges[0].node.code;
    expect((await api.gql(REPORT, { u: village, p: '2026-06' }, t.t1Clerk)).errors).toBeUndefined();
  });

  it('still lets its clerk work on the months from the move on', async () => {
    const july = await ok(t.t1Clerk!, REPORT, { u: T1, p: '2026-07' });
    expect(july.report.version).toBe(1);
    expect((await ok(t.t1Clerk!, SAVE, { u: T1, p: '2026-07', v: 1, n: 5 })).saveReport.version).toBe(2);
  });

  it('shows its clerk nothing else of the old county, before the move or after', async () => {
    for (const [u, p] of [
      [SIBLING, '2026-06'],
      ['520102', '2026-06'],
      [SIBLING, '2026-08'],
    ]) {
      const res = await api.gql(REPORT, { u, p }, t.t1Clerk);
      expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    }
    const save = await api.gql(SAVE, { u: SIBLING, p: '2026-06', v: 1, n: 9 }, t.t1Clerk);
    expect(save.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('takes the township’s months from the move on out of the old county clerk’s sight, and leaves the months before', async () => {
    for (const p of ['2026-07', '2026-08']) {
      const res = await api.gql(REPORT, { u: T1, p }, t.oldCounty);
      expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    }
    const save = await api.gql(SAVE, { u: T1, p: '2026-07', v: 2, n: 9 }, t.oldCounty);
    expect(save.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await ok(t.oldCounty!, REPORT, { u: T1, p: '2026-06' })).report.version).toBe(2);
  });

  it('gives the new county the months from the move on, not the ones before', async () => {
    expect((await ok(t.newCounty!, REPORT, { u: T1, p: '2026-07' })).report.version).toBe(2);
    const res = await api.gql(REPORT, { u: T1, p: '2026-06' }, t.newCounty);
    expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});
