/**
 * Registry files follow the tree through /graphql on real Postgres: for each
 * kind of change a file lives in the successor of its village from the
 * change's month on (history kept before it), the clerks of the unit it now
 * belongs to read and edit it and those of the old one get NOT_FOUND, the
 * preview lists the files per village, and the kept counts of every kept
 * month equal a recount from the files. Also: a unit is changed only from
 * above it, new codes fit under their parent's, and a code written short and
 * long is one unit.
 */
import { Role } from '@carenet/core';
import { RegistryCountsService } from '@carenet/registry';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;
const t: Record<string, string> = {};
/** Townships of 南明区 (520102), each with its villages: moved, renamed, merged in, split, retired in. */
const T = { move: '', rename: '', merge: '', split: '', retire: '' };
const villages: Record<string, string[]> = {};
const files: Record<string, string> = {};
const KEPT = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-11'];

const SUMMARY = `unitsEnded { code } unitsCreated { code parentCode } registryFiles { fromCode toCode count }`;
const FILE = `query($id: ID!) { childFile(id: $id, purpose: CASE_WORK) { id villageCode residenceHistory { villageCode validFrom validTo } } }`;
const UPDATE = `mutation($i: UpdateChildInput!) { updateChild(input: $i) { id grade } }`;

const ok = (token: string, query: string, variables: Record<string, unknown> = {}) => api.ok(token, query, variables);

async function preview(input: Record<string, unknown>, token = t.admin!) {
  return api.gql(`query($i: TreeChangeInput!) { previewTreeChange(input: $i) { fingerprint summary { ${SUMMARY} } } }`, { i: input }, token);
}

/** Preview, then apply with the preview's fingerprint; both summaries. */
async function change(input: Record<string, unknown>) {
  const p = (await ok(t.admin!, `query($i: TreeChangeInput!) { previewTreeChange(input: $i) { fingerprint summary { ${SUMMARY} } } }`, { i: input })).previewTreeChange;
  const applied = await ok(t.admin!, `mutation($i: TreeChangeInput!, $f: String!) { applyTreeChange(input: $i, previewFingerprint: $f) { summary { ${SUMMARY} } } }`, { i: input, f: p.fingerprint });
  return { preview: p.summary, applied: applied.applyTreeChange.summary };
}

/** LEFT_BEHIND_CHILDREN of a unit's subtree at the end of a month, as the kept counts give it. */
async function leftBehind(unitCode: string, period: string): Promise<number> {
  const d = await ok(t.admin!, `query($u: ID!, $p: Period!) { registryCounts(unitCode: $u, period: $p) { source values { indicator value } } }`, { u: unitCode, p: period });
  expect(d.registryCounts.source).toBe('KEPT');
  return d.registryCounts.values.find((v: any) => v.indicator === 'LEFT_BEHIND_CHILDREN').value;
}

/** Every kept month against a recount from the files' history rows: no differences. */
async function keptDifferences(): Promise<unknown[]> {
  const counts = api.app.get(RegistryCountsService);
  const out: unknown[] = [];
  for (const p of KEPT) out.push(...(await counts.keptDifferences(p)).map((d) => ({ period: p, ...d })));
  return out;
}

async function listed(token: string, unitCode: string): Promise<string[]> {
  const d = await ok(token, `query($u: ID!) { children(unitCode: $u, status: ALL, first: 100) { edges { node { id } } } }`, { u: unitCode });
  return d.children.edges.map((e: any) => e.node.id);
}

async function open(token: string, village: string, name: string): Promise<string> {
  const d = await ok(token, `mutation($i: CreateChildInput!) { createChild(input: $i) { id } }`, {
    i: {
      villageCode: village,
      name,
      sex: 'M',
      birthDate: '2015-04-01',
      openedOn: '2026-01-05',
      categories: [{ category: 'LEFT_BEHIND', status: 'CERTIFIED', certifiedOn: '2026-01-05' }],
      grade: { grade: 'GREEN', reason: 'first assessment', assessedBy: '李主任' },
    },
  });
  return d.createChild.id;
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  t.admin = await api.tokenFor([Role.ADMIN], '52', 'province-admin');
  t.countyAdmin = await api.tokenFor([Role.ADMIN], '520102', 'county-admin');
  t.clerk102 = await api.tokenFor([Role.CLERK], '520102', 'clerk-102');
  t.clerk103 = await api.tokenFor([Role.CLERK], '520103', 'clerk-103');
  const townships: { code: string }[] = await api.db.query(
    `SELECT t.code FROM admin_unit t JOIN admin_unit c ON c.id = t.parent_id
      WHERE c.code = '520102000000' AND c.depth = 3 AND t.valid_to IS NULL
        AND (SELECT count(*) FROM admin_unit v WHERE v.parent_id = t.id AND v.valid_to IS NULL) >= 3
      ORDER BY t.code LIMIT 5`,
  );
  [T.move, T.rename, T.merge, T.split, T.retire] = townships.map((r) => r.code.slice(0, 9));
  for (const code of Object.values(T)) {
    const rows: { code: string }[] = await api.db.query(
      `SELECT v.code FROM admin_unit v JOIN admin_unit t ON t.id = v.parent_id WHERE t.code = $1 AND t.depth = 4 AND v.valid_to IS NULL ORDER BY v.code`,
      [`${code}000`],
    );
    villages[code] = rows.map((r) => r.code);
  }
  files.moved = await open(t.clerk102!, villages[T.move]![0]!, '甲');
  files.movedClosed = await open(t.clerk102!, villages[T.move]![1]!, '乙');
  await ok(t.clerk102!, `mutation($i: CloseChildFileInput!) { closeChildFile(input: $i) { id } }`, { i: { childId: files.movedClosed, exitedOn: '2026-03-31', exitReason: 'MOVED_AWAY' } });
  files.renamed = await open(t.clerk102!, villages[T.rename]![0]!, '丙');
  files.merged = await open(t.clerk102!, villages[T.merge]![0]!, '丁');
  files.split = await open(t.clerk102!, villages[T.split]![2]!, '戊');
  files.retired = await open(t.clerk102!, villages[T.retire]![0]!, '己');
  const counts = api.app.get(RegistryCountsService);
  for (const p of KEPT) await counts.keepMonth(p);
  expect(await leftBehind('520102', '2026-06')).toBe(5);
}, 120_000);
afterAll(async () => {
  await api?.close();
});

describe('moving a township to another county', () => {
  it('carries its files to the new county: the new county’s clerk reads and edits them, the old one’s gets NOT_FOUND', async () => {
    const [va, vb] = villages[T.move]!;
    const { preview: p, applied } = await change({ kind: 'MOVE', effective: '2026-07', unitCode: T.move, newParentCode: '520103' });

    for (const [query, variables] of [
      [FILE, { id: files.moved }],
      [UPDATE, { i: { childId: files.moved, effective: '2026-11-01', grade: { grade: 'YELLOW', reason: 'x', assessedBy: 'y' } } }],
    ] as const) {
      expect((await api.gql(query, variables, t.clerk102)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await listed(t.clerk102!, '520102')).not.toContain(files.moved);

    const file = (await ok(t.clerk103!, FILE, { id: files.moved })).childFile;
    expect(file.villageCode).toBe(va);
    expect(file.residenceHistory).toEqual([
      { villageCode: va, validFrom: '2026-01-05', validTo: '2026-07-01' },
      { villageCode: va, validFrom: '2026-07-01', validTo: null },
    ]);
    expect((await ok(t.clerk103!, UPDATE, { i: { childId: files.moved, effective: '2026-11-01', grade: { grade: 'YELLOW', reason: 'reassessed', assessedBy: '张督导' } } })).updateChild.grade).toBe('YELLOW');
    // the closed file's archive goes with the township
    expect(await listed(t.clerk103!, T.move)).toEqual(expect.arrayContaining([files.moved, files.movedClosed]));
    expect(p.registryFiles).toEqual([{ fromCode: va, toCode: va, count: 1 }, { fromCode: vb, toCode: vb, count: 1 }]);
    expect(applied.registryFiles).toEqual(p.registryFiles);
  });

  it('moves the kept counts from July on, and keeps June where it was', async () => {
    expect(await leftBehind('520102', '2026-06')).toBe(5);
    expect(await leftBehind('520103', '2026-06')).toBe(0);
    expect(await leftBehind('520102', '2026-07')).toBe(4);
    expect(await leftBehind('520103', '2026-07')).toBe(1);
    expect(await leftBehind(T.move, '2026-08')).toBe(1);
    expect(await leftBehind('5201', '2026-08')).toBe(5);
    expect(await keptDifferences()).toEqual([]);
  });
});

describe('renaming a township', () => {
  it('keeps its files under its new row: listed, counted and kept', async () => {
    const [v] = villages[T.rename]!;
    const { preview: p } = await change({ kind: 'RENAME', effective: '2026-08', unitCode: T.rename, name: '新名街道' });
    expect(await listed(t.clerk102!, T.rename)).toEqual([files.renamed]);
    expect(await leftBehind(T.rename, '2026-07')).toBe(1);
    expect(await leftBehind(T.rename, '2026-08')).toBe(1);
    expect(p.registryFiles).toEqual([{ fromCode: v, toCode: v, count: 1 }]);
    expect(await keptDifferences()).toEqual([]);
  });
});

describe('merging a village into another', () => {
  it('moves its files to the village it merges into from the merge on', async () => {
    const [v1, v2] = villages[T.merge]!;
    const { preview: p } = await change({ kind: 'MERGE', effective: '2026-08', unitCodes: [v1], intoCode: v2 });
    const file = (await ok(t.clerk102!, FILE, { id: files.merged })).childFile;
    expect(file.villageCode).toBe(v2);
    expect(file.residenceHistory).toEqual([
      { villageCode: v1, validFrom: '2026-01-05', validTo: '2026-08-01' },
      { villageCode: v2, validFrom: '2026-08-01', validTo: null },
    ]);
    expect(await listed(t.clerk102!, v2!)).toEqual([files.merged]);
    expect(await leftBehind(v1!, '2026-07')).toBe(1);
    expect(await leftBehind(v2!, '2026-07')).toBe(0);
    expect(await leftBehind(v2!, '2026-08')).toBe(1);
    expect(p.registryFiles).toEqual([{ fromCode: v1, toCode: v2, count: 1 }]);
    expect(await keptDifferences()).toEqual([]);
  });

  it('refuses a new code that belongs to another county, naming the field', async () => {
    const res = await preview({ kind: 'MERGE', effective: '2026-09', unitCodes: [T.merge, T.rename], code: '520103099000', name: '合并街道' }, t.countyAdmin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TREE_CHANGE', field: 'code' });
    expect(res.errors![0]!.message).toContain('520103099000 does not fit under 520102000000');
  });

  it('refuses one township written short and long, naming the field', async () => {
    const res = await preview({ kind: 'MERGE', effective: '2026-09', unitCodes: [T.merge, `${T.merge}000`], intoCode: T.rename }, t.countyAdmin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitCodes.1' });
    expect(res.errors![0]!.message).toBe(`unitCodes.1: ${T.merge}000 is named twice`);
  });
});

describe('splitting a township', () => {
  it('gives each file to the part its village goes to', async () => {
    const vs = villages[T.split]!;
    const county = '520102';
    const parts = [
      { code: `${county}901000`, name: '甲街道', childCodes: vs.slice(0, 2) },
      { code: `${county}902000`, name: '乙街道', childCodes: vs.slice(2) },
    ];
    const { preview: p } = await change({ kind: 'SPLIT', effective: '2026-08', unitCode: T.split, parts });
    expect(await listed(t.clerk102!, `${county}902`)).toEqual([files.split]);
    expect(await leftBehind(`${county}902`, '2026-08')).toBe(1);
    expect(await leftBehind(`${county}901`, '2026-08')).toBe(0);
    expect(await leftBehind(T.split, '2026-07')).toBe(1);
    expect(p.registryFiles).toEqual([{ fromCode: vs[2], toCode: vs[2], count: 1 }]);
    expect(await keptDifferences()).toEqual([]);
  });

  it('refuses one township given to two parts, short and long, naming the field', async () => {
    const [a, b] = (await ok(t.admin!, `{ unit(code: "520103") { children(first: 2) { edges { node { code } } } } }`)).unit.children.edges.map((e: any) => e.node.code);
    const res = await preview({
      kind: 'SPLIT',
      effective: '2026-09',
      unitCode: '520103',
      parts: [
        { code: '520190000000', name: 'a', childCodes: [a, b] },
        { code: '520191000000', name: 'b', childCodes: [a.slice(0, 9)] },
      ],
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parts.1.childCodes' });
    expect(res.errors![0]!.message).toBe(`parts.1.childCodes: ${a} is given to two parts`);
  });
});

describe('a unit is changed only from above it', () => {
  it.each([
    ['RETIRE', { kind: 'RETIRE', effective: '2026-10', unitCode: '520102' }],
    ['SPLIT', { kind: 'SPLIT', effective: '2026-10', unitCode: '520102', parts: [{ code: '520190000000', name: 'a', childCodes: [] }, { code: '520191000000', name: 'b', childCodes: [] }] }],
    ['RENAME', { kind: 'RENAME', effective: '2026-10', unitCode: '520102', name: 'x' }],
  ])('refuses a county administrator’s %s of their own county, and lets them create below it', async (_kind, input) => {
    const res = await preview(input, t.countyAdmin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OWN_UNIT', field: 'unitCode' });
    expect(res.errors![0]!.message).toBe('unitCode: 520102000000 is your own unit; a unit is changed by an administrator of a unit above it');
    const below = await preview({ kind: 'CREATE', effective: '2026-10', newParentCode: T.rename, code: `${T.rename}998`, name: '新村' }, t.countyAdmin);
    expect(below.errors).toBeUndefined();
  });
});

describe('retiring a village', () => {
  it('is refused while open files live there, naming the field; once they are closed it retires and keeps them readable', async () => {
    const [v] = villages[T.retire]!;
    const input = { kind: 'RETIRE', effective: '2026-09', unitCode: v };
    const res = await preview(input);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TREE_CHANGE', field: 'unitCode' });
    expect(res.errors![0]!.message).toContain(`open registry files still live there from 2026-09: ${v} (1)`);

    await ok(t.clerk102!, `mutation($i: CloseChildFileInput!) { closeChildFile(input: $i) { id } }`, { i: { childId: files.retired, exitedOn: '2026-08-20', exitReason: 'PARENTS_RETURNED' } });
    const { preview: p } = await change(input);
    expect(p.registryFiles).toEqual([]);
    expect((await ok(t.clerk102!, FILE, { id: files.retired })).childFile.villageCode).toBe(v);
    expect(await leftBehind(v!, '2026-07')).toBe(1);
    expect(await keptDifferences()).toEqual([]);
  });
});
