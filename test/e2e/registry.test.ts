/**
 * The child registry through /graphql on real Postgres: effective-dated
 * history, counts equal to the files, scope, counts-only callers, the access
 * log, encryption at rest and one file per ID number.
 */
import { Role } from '@carenet/core';
import { RegistryCountsService, idCheckCharacter } from '@carenet/registry';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;
let county: string; // county clerk 520102
let township: string; // township clerk
let countyViewer: string;
let countyAdmin: string;
let sibling: string; // every role in the sibling county 520103
let provinceViewer: string;
let apiKey: string;
const T = { township: '', a: '', b: '', siblingVillage: '' };

/** A valid ID number born on the given day (GB 11643 check character). */
function idNumber(birth: string, serial: number): string {
  const first17 = `520102${birth.replace(/-/g, '')}${String(serial).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

const CREATE = `mutation($input: CreateChildInput!) { createChild(input: $input) { id name idNumberMasked grade villageCode needsHouseholdRegistration } }`;
const UPDATE = `mutation($input: UpdateChildInput!) { updateChild(input: $input) { id grade } }`;
const FILE = `query($id: ID!, $asOf: Period) { childFile(id: $id, purpose: CASE_WORK, asOf: $asOf) {
  id name idNumber asOf villageCode exitedOn grade { grade validFrom } categories { category status }
  helper { name phone } guardians { name phone } gradeHistory { grade validFrom validTo reason }
  residenceHistory { villageCode validFrom validTo } visits { visitedOn } } }`;
const COUNTS = `query($u: ID!, $p: Period!) { registryCounts(unitCode: $u, period: $p) { unitCode source values { indicator value } reportValues { indicator value } } }`;

async function create(token: string, input: Record<string, unknown>) {
  const res = await api.gql(CREATE, { input: { sex: 'F', openedOn: '2026-01-05', ...input } }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createChild as { id: string; idNumberMasked: string | null };
}

async function accessLogRows(): Promise<number> {
  const [r] = await api.db.query(`SELECT count(*)::int AS n FROM registry_access_log`);
  return r.n;
}

const asMap = (values: { indicator: string; value: number }[]) => Object.fromEntries(values.map((v) => [v.indicator, v.value]));

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  const [t] = await api.db.query(`SELECT t.code FROM admin_unit t JOIN admin_unit c ON c.id = t.parent_id WHERE c.code = '520102000000' AND c.depth = 3 ORDER BY t.code LIMIT 1`);
  T.township = t.code;
  const villages = await api.db.query(`SELECT v.code FROM admin_unit v JOIN admin_unit t ON t.id = v.parent_id WHERE t.code = $1 AND t.depth = 4 ORDER BY v.code LIMIT 2`, [T.township]);
  [T.a, T.b] = villages.map((v: { code: string }) => v.code);
  const [s] = await api.db.query(`SELECT code FROM admin_unit WHERE depth = 5 AND code LIKE '520103%' ORDER BY code LIMIT 1`);
  T.siblingVillage = s.code;
  county = await api.tokenFor([Role.CLERK], '520102');
  township = await api.tokenFor([Role.CLERK], T.township);
  countyViewer = await api.tokenFor([Role.VIEWER], '520102');
  countyAdmin = await api.tokenFor([Role.ADMIN], '520102');
  sibling = await api.tokenFor([Role.CLERK, Role.APPROVER, Role.VIEWER], '520103');
  provinceViewer = await api.tokenFor([Role.VIEWER], '52');
  const admin = await api.tokenFor([Role.ADMIN], '52');
  const key = await api.gql(`mutation { createApiKey(input: { name: "registry-sync", unitCode: "520102" }) { secret } }`, {}, admin);
  apiKey = key.data.createApiKey.secret;
});
afterAll(async () => {
  await api?.close();
});

describe('a file over time', () => {
  let id = '';
  beforeAll(async () => {
    ({ id } = await create(township, {
      villageCode: T.a,
      name: '王小花',
      birthDate: '2015-03-01',
      idNumber: idNumber('2015-03-01', 101),
      categories: [{ category: 'LEFT_BEHIND', status: 'CERTIFIED', certifiedOn: '2026-01-04' }],
      grade: { grade: 'GREEN', reason: 'stable with grandmother', assessedBy: '李主任' },
      helper: { name: '李主任', role: 'CHILD_DIRECTOR', phone: '13812345678' },
      guardians: [{ name: '王奶奶', relation: 'GRANDPARENT', phone: '13900001111' }],
    }));
    for (const [effective, grade] of [['2026-09-15', 'YELLOW'], ['2026-11-02', 'RED']]) {
      const res = await api.gql(UPDATE, { input: { childId: id, effective, grade: { grade, reason: `reassessed ${effective}`, assessedBy: '张督导' } } }, county);
      expect(res.errors).toBeUndefined();
    }
  });

  it.each([
    ['2026-01', 'GREEN'],
    ['2026-08', 'GREEN'],
    ['2026-09', 'YELLOW'],
    ['2026-10', 'YELLOW'],
    ['2026-11', 'RED'],
    [null, 'RED'],
  ])('the grade at the end of %s was %s', async (asOf, grade) => {
    const res = await api.gql(FILE, { id, asOf }, county);
    expect(res.errors).toBeUndefined();
    expect(res.data.childFile.grade.grade).toBe(grade);
  });

  it('keeps the whole grade history, each entry closed by the next', async () => {
    const res = await api.gql(FILE, { id, asOf: '2026-10' }, county);
    expect(res.data.childFile.gradeHistory).toEqual([
      { grade: 'GREEN', validFrom: '2026-01-05', validTo: '2026-09-15', reason: 'stable with grandmother' },
      { grade: 'YELLOW', validFrom: '2026-09-15', validTo: '2026-11-02', reason: 'reassessed 2026-09-15' },
      { grade: 'RED', validFrom: '2026-11-02', validTo: null, reason: 'reassessed 2026-11-02' },
    ]);
    expect(res.data.childFile).toMatchObject({ asOf: '2026-10-31', idNumber: idNumber('2015-03-01', 101), helper: { name: '李主任', phone: '13812345678' } });
  });

  it('refuses a change dated before the latest one, naming the field', async () => {
    const res = await api.gql(UPDATE, { input: { childId: id, effective: '2026-10-01', grade: { grade: 'GREEN', reason: 'x', assessedBy: 'y' } } }, county);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EFFECTIVE_BEFORE_LATEST', field: 'effective' });
  });
});

describe('counts from the files', () => {
  const PERIOD = '2026-10';
  // the township's counts before this block's children: the other blocks' files may come before or after it
  let before: Record<string, number> = {};
  beforeAll(async () => {
    before = asMap((await api.gql(COUNTS, { u: T.township, p: PERIOD }, county)).data.registryCounts.values);
    // a small township: categories, grades, one pending certification, one exit before and one after the month's end, one transfer in, visits
    const kids = [
      { village: T.a, cats: ['LEFT_BEHIND'], grade: 'GREEN' },
      { village: T.a, cats: ['LEFT_BEHIND', 'IN_DIFFICULTY'], grade: 'YELLOW' },
      { village: T.a, cats: ['ORPHAN_SCATTERED'], grade: 'ORANGE' },
      { village: T.b, cats: ['DEFACTO_UNSUPPORTED'], grade: 'RED' },
      { village: T.b, cats: ['IN_DIFFICULTY'], grade: 'GREEN', exit: '2026-10-20' },
      { village: T.b, cats: ['LEFT_BEHIND'], grade: 'GREEN', exit: '2026-11-20' },
      { village: T.b, cats: ['LEFT_BEHIND'], grade: 'YELLOW', pending: true },
    ];
    for (const [i, k] of kids.entries()) {
      const { id } = await create(township, {
        villageCode: k.village,
        name: `孩子${i}`,
        birthDate: '2014-06-0' + (i + 1),
        categories: k.cats.map((category) => (k.pending ? { category, status: 'PENDING' } : { category, status: 'CERTIFIED', certifiedOn: '2026-01-05' })),
        grade: { grade: k.grade, reason: 'first assessment', assessedBy: '李主任' },
      });
      await api.gql(`mutation($i: RecordVisitInput!) { recordVisit(input: $i) { id } }`, { i: { childId: id, visitedOn: '2026-10-0' + (i + 1), visitor: '李主任', kind: 'HOME' } }, township);
      if (k.exit) await api.gql(`mutation($i: CloseChildFileInput!) { closeChildFile(input: $i) { id } }`, { i: { childId: id, exitedOn: k.exit, exitReason: 'TURNED_18' } }, county);
    }
    // a child from the sibling county moved into village b on 2026-10-10
    const moved = await create(sibling, { villageCode: T.siblingVillage, name: '迁入', birthDate: '2013-01-01', categories: [{ category: 'LEFT_BEHIND', status: 'CERTIFIED', certifiedOn: '2026-01-05' }] });
    const res = await api.gql(`mutation($i: TransferChildInput!) { transferChild(input: $i) { villageCode } }`, { i: { childId: moved.id, toVillageCode: T.b, effective: '2026-10-10', reason: 'family moved' } }, sibling);
    expect(res.data.transferChild.villageCode).toBe(T.b);
  });

  /** The township's figures tallied from the files themselves (opened one by one, as of the month's end). */
  async function tallyFromFiles(period: string): Promise<Record<string, number>> {
    const list = await api.gql(`query($u: ID!) { children(unitCode: $u, status: ALL, first: 100) { totalCount edges { node { id } } } }`, { u: T.township }, county);
    const tally: Record<string, number> = {};
    const add = (k: string) => (tally[k] = (tally[k] ?? 0) + 1);
    const ind: Record<string, string> = { LEFT_BEHIND: 'LEFT_BEHIND_CHILDREN', IN_DIFFICULTY: 'CHILDREN_IN_DIFFICULTY', ORPHAN_SCATTERED: 'ORPHANS_SCATTERED', DEFACTO_UNSUPPORTED: 'DEFACTO_UNSUPPORTED' };
    for (const { node } of list.data.children.edges) {
      const f = (await api.gql(FILE, { id: node.id, asOf: period }, county)).data.childFile;
      const monthStart = `${period}-01`;
      for (const v of f.visits) if (v.visitedOn >= monthStart) add('HOME_VISITS');
      if (f.exitedOn) continue;
      for (const c of f.categories) if (c.status === 'CERTIFIED') add(ind[c.category]!);
      if (f.grade) add(`RISK_${f.grade.grade}`);
    }
    return tally;
  }

  it("a township's counts equal what its files say at the month's end", async () => {
    const counted = await api.gql(COUNTS, { u: T.township, p: PERIOD }, county);
    expect(counted.data.registryCounts.source).toBe('FILES');
    const nonZero = Object.fromEntries(Object.entries(asMap(counted.data.registryCounts.values)).filter(([, v]) => v !== 0));
    expect(nonZero).toEqual(await tallyFromFiles(PERIOD));
    // and the figures themselves, by hand: the seven + the one moved in, less the exit of 10-20 and the pending certification
    const added = (k: string) => (nonZero[k] ?? 0) - (before[k] ?? 0);
    expect(['LEFT_BEHIND_CHILDREN', 'CHILDREN_IN_DIFFICULTY', 'ORPHANS_SCATTERED', 'DEFACTO_UNSUPPORTED', 'RISK_GREEN', 'RISK_YELLOW', 'RISK_ORANGE', 'RISK_RED'].map((k) => [k, added(k)])).toEqual([
      ['LEFT_BEHIND_CHILDREN', 4],
      ['CHILDREN_IN_DIFFICULTY', 1],
      ['ORPHANS_SCATTERED', 1],
      ['DEFACTO_UNSUPPORTED', 1],
      ['RISK_GREEN', 2],
      ['RISK_YELLOW', 2],
      ['RISK_ORANGE', 1],
      ['RISK_RED', 1],
    ]);
    // a township enters no registry indicator itself: nothing for its own report
    expect(counted.data.registryCounts.reportValues).toEqual([]);
  });

  it('the counts kept for a month move with each change and agree with the files, up to the province', async () => {
    const service = api.app.get(RegistryCountsService);
    await service.keepMonth('2026-11');
    const before = asMap((await api.gql(COUNTS, { u: '52', p: '2026-11' }, provinceViewer)).data.registryCounts.values);
    const { id } = await create(township, { villageCode: T.a, name: '新来', birthDate: '2016-01-01', openedOn: '2026-11-03', grade: { grade: 'RED', reason: 'no carer', assessedBy: '李主任' } });
    const after = (await api.gql(COUNTS, { u: '52', p: '2026-11' }, provinceViewer)).data.registryCounts;
    expect(after.source).toBe('KEPT');
    expect(asMap(after.values).RISK_RED).toBe(before.RISK_RED! + 1);
    await api.gql(UPDATE, { input: { childId: id, effective: '2026-11-20', grade: { grade: 'ORANGE', reason: 'placed with aunt', assessedBy: '张督导' } } }, county);
    expect(asMap((await api.gql(COUNTS, { u: '52', p: '2026-11' }, provinceViewer)).data.registryCounts.values)).toMatchObject({ RISK_RED: before.RISK_RED, RISK_ORANGE: before.RISK_ORANGE! + 1 });
    expect(await service.keptDifferences('2026-11')).toEqual([]);
  });

  it('a village report that differs from the files is listed with both figures', async () => {
    const registry = asMap((await api.gql(COUNTS, { u: T.a, p: PERIOD }, county)).data.registryCounts.reportValues);
    const values = Object.entries(registry).map(([indicator, value]) => ({ indicator, value: indicator === 'LEFT_BEHIND_CHILDREN' ? value + 2 : value }));
    const saved = await api.gql(`mutation($v: [IndicatorValueInput!]!) { saveReport(input: { unitCode: "${T.a}", period: "${PERIOD}", values: $v, expectedVersion: 0 }) { version } }`, { v: values }, county);
    expect(saved.errors).toBeUndefined();
    const submitted = await api.gql(
      `mutation { submitReport(input: { unitCode: "${T.a}", period: "${PERIOD}", expectedVersion: 1, explanations: [{ rule: "W4", indicator: "LEFT_BEHIND_CHILDREN", text: "two children certified after the month ended" }] }) { version } }`,
      {},
      county,
    );
    expect(submitted.errors).toBeUndefined();
    const diff = await api.gql(`{ registryDifferences(unitCode: "${T.township}", period: "${PERIOD}") { unitCode indicator reported registry } }`, {}, county);
    expect(diff.data.registryDifferences).toEqual([{ unitCode: T.a, indicator: 'LEFT_BEHIND_CHILDREN', reported: registry.LEFT_BEHIND_CHILDREN! + 2, registry: registry.LEFT_BEHIND_CHILDREN }]);
  });
});

describe('who sees what', () => {
  let id = '';
  const ID = idNumber('2016-07-08', 202);
  beforeAll(async () => {
    // left-behind and certified: the counts the province sees hold it whichever blocks ran before
    ({ id } = await create(county, { villageCode: T.b, name: '赵小明', sex: 'M', birthDate: '2016-07-08', idNumber: ID, categories: [{ category: 'LEFT_BEHIND', status: 'CERTIFIED', certifiedOn: '2026-01-05' }], helper: { name: '周主任', role: 'CHILD_DIRECTOR', phone: '13711112222' }, guardians: [{ name: '赵父', relation: 'FATHER', phone: '13633334444' }] }));
  });

  it('every opening of a full file is logged (who, which child, purpose); counts and lists never are', async () => {
    const n0 = await accessLogRows();
    const before = (await api.gql(`query($c: ID!) { childAccessLog(childId: $c) { actor } }`, { c: id }, county)).data.childAccessLog.length;
    await api.gql(COUNTS, { u: T.township, p: '2026-10' }, county);
    await api.gql(COUNTS, { u: '52', p: '2026-10' }, provinceViewer);
    await api.gql(`{ children(unitCode: "${T.b}") { totalCount edges { node { name idNumberMasked } } } }`, {}, county);
    expect(await accessLogRows()).toBe(n0);
    await api.gql(FILE, { id, asOf: null }, countyAdmin);
    await api.gql(FILE, { id, asOf: '2026-10' }, county);
    expect(await accessLogRows()).toBe(n0 + 2);
    const log = await api.db.query(`SELECT actor_kind, actor, child_id, purpose, action FROM registry_access_log ORDER BY id DESC LIMIT 2`);
    expect(log.map((l: any) => [l.child_id, l.purpose, l.action])).toEqual([[id, 'CASE_WORK', 'OPEN_FILE'], [id, 'CASE_WORK', 'OPEN_FILE']]);
    const shown = await api.gql(`query($c: ID!) { childAccessLog(childId: $c) { actor purpose } }`, { c: id }, county);
    expect(shown.data.childAccessLog).toHaveLength(before + 2);
  });

  it('opens full files for the keepers and the county\'s administrators only, per role and level; lists for every user of the county', async () => {
    const village = T.b;
    const tokens: [string, string, 'OPEN' | 'LIST' | 'COUNTS'][] = [
      ['county clerk', county, 'OPEN'],
      ['county admin', countyAdmin, 'OPEN'],
      ['township clerk', township, 'OPEN'],
      ['village clerk', await api.tokenFor([Role.CLERK], village), 'OPEN'],
      ['county viewer', countyViewer, 'LIST'],
      ['county approver', await api.tokenFor([Role.APPROVER], '520102'), 'LIST'],
      ['township admin', await api.tokenFor([Role.ADMIN], T.township), 'LIST'],
      ['village viewer', await api.tokenFor([Role.VIEWER], village), 'LIST'],
      ['city admin', await api.tokenFor([Role.ADMIN], '5201'), 'COUNTS'],
      ['province admin', await api.tokenFor([Role.ADMIN], '52'), 'COUNTS'],
      ['province viewer', provinceViewer, 'COUNTS'],
    ];
    const n0 = await accessLogRows();
    const got: string[] = [];
    for (const [who, token, _] of tokens) {
      const file = await api.gql(`query($id: ID!) { childFile(id: $id, purpose: CASE_WORK) { idNumber guardians { phone } } }`, { id }, token);
      const list = await api.gql(`{ children(unitCode: "${village}") { totalCount } }`, {}, token);
      const open = file.data?.childFile?.idNumber === ID && file.data.childFile.guardians[0].phone === '13633334444';
      got.push(`${who}: ${open ? 'OPEN' : list.data?.children ? 'LIST' : 'COUNTS'} (${file.errors?.[0]?.extensions.code ?? 'ok'}/${list.errors?.[0]?.extensions.code ?? 'ok'})`);
    }
    expect(got).toEqual(tokens.map(([who, , may]) => `${who}: ${may} (${may === 'OPEN' ? 'ok' : 'FORBIDDEN'}/${may === 'COUNTS' ? 'FORBIDDEN' : 'ok'})`));
    // the refused openings leave no line; each granted one leaves one
    expect(await accessLogRows()).toBe(n0 + tokens.filter(([, , may]) => may === 'OPEN').length);
  });

  it('lists show the ID number masked', async () => {
    const res = await api.gql(`{ children(unitCode: "${T.b}", nameContains: "小明") { edges { node { id name idNumberMasked } } } }`, {}, county);
    expect(res.data.children.edges).toEqual([{ node: { id, name: '赵小明', idNumberMasked: `**************${ID.slice(-4)}` } }]);
  });

  it('name search finds a fragment of any length, in order, with % and _ taken literally', async () => {
    const found = async (f: string) => {
      const res = await api.gql(`query($f: String) { children(unitCode: "${T.b}", nameContains: $f) { totalCount edges { node { id } } } }`, { f }, county);
      const ids = res.data.children.edges.map((e: any) => e.node.id);
      expect(res.data.children.totalCount).toBeGreaterThanOrEqual(ids.length);
      return ids.includes(id);
    };
    for (const f of ['赵', '明', '赵小', '小明', '赵小明']) expect(await found(f)).toBe(true);
    for (const f of ['明小', '赵明', '赵小明明', '%', '_', '赵_明', '赵%']) expect(await found(f)).toBe(false);
  });

  it('a sibling county sees no trace of the child: NOT_FOUND, exactly as for a file that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const q of [FILE, `query($id: ID!) { childAccessLog(childId: $id) { at } }`]) {
      const seen = await api.gql(q, { id }, sibling);
      const none = await api.gql(q, { id: missing }, sibling);
      expect(seen.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'CHILD_NOT_FOUND' });
      expect(seen.errors![0]!.message).toBe(none.errors![0]!.message);
    }
    const upd = await api.gql(UPDATE, { input: { childId: id, effective: '2026-11-01', grade: { grade: 'RED', reason: 'x', assessedBy: 'y' } } }, sibling);
    expect(upd.errors![0]!.extensions.code).toBe('NOT_FOUND');
    for (const q of [`{ children(unitCode: "${T.b}") { totalCount } }`, `{ registryCounts(unitCode: "${T.b}", period: "2026-10") { source } }`]) {
      const res = await api.gql(q, {}, sibling);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'UNIT_NOT_FOUND' });
    }
    const byId = await api.gql(`query($n: String!) { childByIdNumber(idNumber: $n) { id } }`, { n: ID }, sibling);
    expect(byId.data.childByIdNumber).toBeNull();
  });

  it.each([
    ['an API key', () => apiKey],
    ['a viewer at the province', () => provinceViewer],
  ])('%s gets counts, never names or files', async (_n, token) => {
    const counts = await api.gql(COUNTS, { u: '520102', p: '2026-10' }, token());
    expect(counts.errors).toBeUndefined();
    expect(asMap(counts.data.registryCounts.values).LEFT_BEHIND_CHILDREN).toBeGreaterThan(0);
    for (const [q, v] of [
      [FILE, { id }],
      [FILE, { id: '00000000-0000-4000-8000-000000000000' }],
      [`{ children(unitCode: "520102") { totalCount } }`, {}],
      [`query($n: String!) { childByIdNumber(idNumber: $n) { id } }`, { n: ID }],
    ] as const) {
      const res = await api.gql(q, v, token());
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'COUNTS_ONLY' });
    }
  });

  it('the encrypted columns hold no plaintext (read from the table directly)', async () => {
    const [row] = await api.db.query(`SELECT c::text AS whole, id_cipher, id_key_id, encode(id_blind, 'hex') AS blind FROM child c WHERE id = $1`, [id]);
    expect(row.id_key_id).toBe('test');
    expect(row.whole).not.toContain(ID.slice(6, 14));
    for (const form of ['latin1', 'utf8', 'hex'] as const) expect((row.id_cipher as Buffer).toString(form)).not.toContain(form === 'hex' ? Buffer.from(ID).toString('hex') : ID.slice(6, 14));
    const phones = await api.db.query(
      `SELECT h::text AS t FROM child_helper h WHERE child_id = $1 UNION ALL SELECT g::text FROM child_guardian g WHERE child_id = $1`,
      [id],
    );
    expect(phones).toHaveLength(2);
    for (const p of phones) {
      expect(p.t).not.toMatch(/1371111|13711112222|1363333|13633334444/);
      expect(p.t).not.toContain(Buffer.from('13711112222').toString('hex'));
    }
    const file = await api.gql(FILE, { id, asOf: null }, county);
    expect(file.data.childFile).toMatchObject({ idNumber: ID, helper: { phone: '13711112222' }, guardians: [{ phone: '13633334444' }] });
  });

  it('a second file for the same ID number is refused, saying where to ask and nothing about where the first is', async () => {
    const n0 = (await api.db.query(`SELECT count(*)::int AS n FROM child`))[0].n;
    const [{ last }] = await api.db.query(`SELECT coalesce(max(id), 0)::int AS last FROM registry_lookup_log`);
    const here = await api.gql(CREATE, { input: { villageCode: T.a, name: '赵小明', sex: 'M', birthDate: '2016-07-08', idNumber: ID } }, township);
    const there = await api.gql(CREATE, { input: { villageCode: T.siblingVillage, name: '另一个', sex: 'M', birthDate: '2016-07-08', idNumber: ID.toLowerCase() } }, sibling);
    for (const res of [here, there]) expect(res.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_ID_NUMBER', field: 'idNumber' });
    expect(there.errors![0]!.message).toBe(here.errors![0]!.message);
    expect(there.errors![0]!.message).toMatch(/request a transfer/);
    const leaked = JSON.stringify(there.errors);
    for (const secret of [T.b, T.b.slice(0, 9), T.township, '赵小明', '520102', id]) expect(leaked).not.toContain(secret);
    expect((await api.db.query(`SELECT count(*)::int AS n FROM child`))[0].n).toBe(n0);
    const logged = await api.db.query(`SELECT l.child_id, l.found, u.code FROM registry_lookup_log l JOIN admin_unit u ON u.id = l.unit_id WHERE l.kind = 'DUPLICATE_CHECK' AND l.id > $1 ORDER BY l.id`, [last]);
    expect(logged).toEqual([{ child_id: id, found: true, code: T.a }, { child_id: id, found: true, code: T.siblingVillage }]);
  });

  it('an ID number with a wrong check character is refused by rule', async () => {
    const bad = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    const res = await api.gql(CREATE, { input: { villageCode: T.a, name: 'x', sex: 'M', birthDate: '2016-07-08', idNumber: bad } }, township);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID_NUMBER', field: 'idNumber' });
  });

  it('a transfer moves the file with its history; the old county then sees nothing', async () => {
    // a child of its own: the file the other tests read stays where they expect it
    const { id } = await create(county, { villageCode: T.b, name: '钱小军', sex: 'M', birthDate: '2016-02-03', idNumber: idNumber('2016-02-03', 203), helper: { name: '周主任', role: 'CHILD_DIRECTOR', phone: '13711112222' } });
    const res = await api.gql(`mutation($i: TransferChildInput!) { transferChild(input: $i) { villageCode } }`, { i: { childId: id, toVillageCode: T.siblingVillage, effective: '2026-11-15', reason: 'family moved' } }, county);
    expect(res.errors).toBeUndefined();
    const theirs = await api.gql(FILE, { id, asOf: null }, sibling);
    expect(theirs.data.childFile.residenceHistory).toEqual([
      { villageCode: T.b, validFrom: '2026-01-05', validTo: '2026-11-15' },
      { villageCode: T.siblingVillage, validFrom: '2026-11-15', validTo: null },
    ]);
    expect(theirs.data.childFile.helper.name).toBe('周主任');
    const ours = await api.gql(FILE, { id, asOf: null }, county);
    expect(ours.errors![0]!.extensions.code).toBe('NOT_FOUND');
  });
});

describe('monitoring', () => {
  let village = '';
  const ids: Record<string, string> = {};
  const MON = `query($u: ID!, $p: Period!) { registryMonitoring(unitCode: $u, period: $p) {
    gradeTransitions { from to count }
    summary { reassessmentsDue visitsOverdue turning18NextMonth withoutHelper }
    reassessmentsDue { child { id } dueOn }
    visitsOverdue { helperName overdue children { child { id } lastVisitOn dueOn } }
    turning18NextMonth { child { id } turns18In }
    withoutHelper { child { id } } } }`;
  beforeAll(async () => {
    const [v] = await api.db.query(
      `SELECT v.code FROM admin_unit v JOIN admin_unit t ON t.id = v.parent_id WHERE t.code LIKE '520102%' AND t.depth = 4 AND t.code <> $1 ORDER BY v.code LIMIT 1`,
      [T.township],
    );
    village = v.code;
    const grade = (g: string) => ({ grade: g, reason: 'assessed', assessedBy: '张督导' });
    const helper = (name: string) => ({ name, role: 'CHILD_DIRECTOR' });
    ids.red = (await create(county, { villageCode: village, name: '红', birthDate: '2015-01-01', openedOn: '2026-09-01', grade: grade('RED') })).id;
    ids.green = (await create(county, { villageCode: village, name: '绿', birthDate: '2015-01-01', openedOn: '2026-06-01', grade: grade('GREEN'), helper: helper('周') })).id;
    ids.orange = (await create(county, { villageCode: village, name: '橙', birthDate: '2015-01-01', grade: grade('YELLOW'), helper: helper('周') })).id;
    ids.adult = (await create(county, { villageCode: village, name: '满十八', birthDate: '2008-11-15', openedOn: '2026-10-01', grade: grade('GREEN'), helper: helper('李') })).id;
    await api.gql(UPDATE, { input: { childId: ids.orange, effective: '2026-10-10', grade: grade('ORANGE') } }, county);
    for (const [id, on] of [[ids.green, '2026-10-05'], [ids.orange, '2026-07-01']] as const) {
      await api.gql(`mutation($i: RecordVisitInput!) { recordVisit(input: $i) { id } }`, { i: { childId: id, visitedOn: on, visitor: '周', kind: 'HOME' } }, county);
    }
  });

  it('answers the grade matrix and each list as of the month end, with cadences from the table', async () => {
    const res = await api.gql(MON, { u: village, p: '2026-10' }, countyViewer);
    expect(res.errors).toBeUndefined();
    const m = res.data.registryMonitoring;
    expect(m.gradeTransitions).toEqual([
      { from: null, to: 'GREEN', count: 1 },
      { from: 'GREEN', to: 'GREEN', count: 1 },
      { from: 'RED', to: 'RED', count: 1 },
      { from: 'YELLOW', to: 'ORANGE', count: 1 },
    ]);
    // red: reassessed monthly, graded 09-01, never visited (monthly); orange: visited 07-01 (monthly);
    // green: reassessed half-yearly, visited 10-05; the one turning 18: green since 10-01, first visit due 2027-01-01
    expect(m.summary).toEqual({ reassessmentsDue: 1, visitsOverdue: 2, turning18NextMonth: 1, withoutHelper: 1 });
    expect(m.reassessmentsDue).toEqual([{ child: { id: ids.red }, dueOn: '2026-10-01' }]);
    expect(m.turning18NextMonth).toEqual([{ child: { id: ids.adult }, turns18In: '2026-11' }]);
    expect(m.withoutHelper).toEqual([{ child: { id: ids.red } }]);
    const byHelper = Object.fromEntries(m.visitsOverdue.map((g: any) => [g.helperName ?? '-', g.children.map((c: any) => [c.child.id, c.lastVisitOn, c.dueOn])]));
    expect(byHelper).toEqual({ '-': [[ids.red, null, '2026-10-01']], 周: [[ids.orange, '2026-07-01', '2026-08-01']] });
  });

  it('an API key gets the matrix and the sizes, never the lists', async () => {
    const counts = await api.gql(`query($u: ID!) { registryMonitoring(unitCode: $u, period: "2026-10") { gradeTransitions { count } summary { withoutHelper } } }`, { u: village }, apiKey);
    expect(counts.errors).toBeUndefined();
    expect(counts.data.registryMonitoring.summary.withoutHelper).toBe(1);
    const list = await api.gql(`query($u: ID!) { registryMonitoring(unitCode: $u, period: "2026-10") { withoutHelper { child { name } } } }`, { u: village }, apiKey);
    expect(list.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'COUNTS_ONLY' });
    const sibling_ = await api.gql(`query($u: ID!) { registryMonitoring(unitCode: $u, period: "2026-10") { summary { withoutHelper } } }`, { u: village }, sibling);
    expect(sibling_.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'UNIT_NOT_FOUND' });
  });
});

describe('bulk', () => {
  const IMPORT = `mutation($i: ImportChildrenInput!) { importChildren(input: $i) { mode total created problems { row field message } } }`;
  const ledger = () =>
    Buffer.from(
      [
        'villageCode,name,sex,birthDate,idNumber,categories,grade,openedOn',
        `${T.a},导入甲,女,2013-05-05,${idNumber('2013-05-05', 301)},LEFT_BEHIND,绿,2026-02-01`,
        `${T.a},导入乙,男,2013-05-06,${idNumber('2013-05-06', 302).slice(0, 17)}${idNumber('2013-05-06', 302)[17] === '1' ? '2' : '1'},,,2026-02-01`,
        `${T.siblingVillage},导入丙,男,2013-05-07,,,,2026-02-01`,
      ].join('\n'),
    ).toString('base64');
  const files = async () => (await api.db.query(`SELECT count(*)::int AS n FROM child`))[0].n as number;

  it('ALL_OR_NOTHING keeps nothing and names every bad row and field; VALID_ROWS keeps the good ones', async () => {
    const n0 = await files();
    const all = await api.gql(IMPORT, { i: { parentCode: T.township, format: 'CSV', fileBase64: ledger(), mode: 'ALL_OR_NOTHING' } }, township);
    expect(all.errors).toBeUndefined();
    expect(all.data.importChildren).toMatchObject({ total: 3, created: 0 });
    expect(all.data.importChildren.problems.map((p: any) => [p.row, p.field])).toEqual([[3, 'idNumber'], [4, 'villageCode']]);
    expect(await files()).toBe(n0);
    const valid = await api.gql(IMPORT, { i: { parentCode: T.township, format: 'CSV', fileBase64: ledger(), mode: 'VALID_ROWS' } }, township);
    expect(valid.data.importChildren).toMatchObject({ total: 3, created: 1 });
    expect(await files()).toBe(n0 + 1);
    const again = await api.gql(IMPORT, { i: { parentCode: T.township, format: 'CSV', fileBase64: ledger(), mode: 'VALID_ROWS' } }, township);
    expect(again.data.importChildren.problems[0]).toMatchObject({ row: 2, field: 'idNumber', message: expect.stringContaining('already has a file') });
  });

  it('exports a county for its own administrator with a reason, logging every file; nobody else', async () => {
    const admin = countyAdmin;
    const EXPORT = `mutation($i: ExportChildrenInput!) { exportChildren(input: $i) { filename contentBase64 count } }`;
    const refused = async (token: string) => (await api.gql(EXPORT, { i: { countyCode: '520102', reason: 'migration to the new provincial system' } }, token)).errors?.[0]?.extensions.code;
    expect(await refused(county)).toBe('FORBIDDEN');
    // administrators above the county get counts only, here as everywhere
    expect(await refused(await api.tokenFor([Role.ADMIN], '5201'))).toBe('FORBIDDEN');
    expect(await refused(await api.tokenFor([Role.ADMIN], '52'))).toBe('FORBIDDEN');
    expect(await refused(await api.tokenFor([Role.ADMIN], T.township))).toBe('FORBIDDEN');
    expect(await refused(await api.tokenFor([Role.ADMIN], '520103'))).toBe('NOT_FOUND');
    expect((await api.gql(EXPORT, { i: { countyCode: '520102', reason: 'x' } }, admin)).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    // a file of its own, so that the export has one to show whichever tests ran before
    const ownId = idNumber('2014-04-04', 401);
    await create(county, { villageCode: T.b, name: '孙小雨', birthDate: '2014-04-04', idNumber: ownId });
    const n0 = await accessLogRows();
    const res = await api.gql(EXPORT, { i: { countyCode: '520102', reason: 'migration to the new provincial system' } }, admin);
    expect(res.errors).toBeUndefined();
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM child c JOIN admin_unit v ON v.id = c.unit_id WHERE v.code LIKE '520102%'`);
    expect(res.data.exportChildren.count).toBe(n);
    const csv = Buffer.from(res.data.exportChildren.contentBase64, 'base64').toString('utf8');
    expect(csv).toContain(ownId);
    expect(csv.trim().split('\r\n')).toHaveLength(n + 1);
    expect(await accessLogRows()).toBe(n0 + n);
    const [audit] = await api.db.query(`SELECT action, details FROM admin_audit ORDER BY id DESC LIMIT 1`);
    expect(audit).toMatchObject({ action: 'REGISTRY_EXPORT', details: { reason: 'migration to the new provincial system', files: n } });
  });
});

describe('figures for a report (W4 at submit)', () => {
  beforeAll(async () => {
    // a file of its own in the village, so that the county keeps files whichever blocks ran before
    await create(township, { villageCode: T.a, name: '周小梅', birthDate: '2015-09-09', categories: [{ category: 'LEFT_BEHIND', status: 'CERTIFIED', certifiedOn: '2026-01-05' }] });
  });

  it('gives a village its registry figures, and null where the county keeps no files', async () => {
    const service = api.app.get(RegistryCountsService);
    const [a] = await api.db.query(`SELECT id FROM admin_unit WHERE code = $1 AND depth = 5`, [T.a]);
    const [empty] = await api.db.query(`SELECT id FROM admin_unit WHERE code LIKE '520111%' AND depth = 5 LIMIT 1`);
    const figures = await service.figuresForReport(a.id, '2026-10');
    const shown = (await api.gql(COUNTS, { u: T.a, p: '2026-10' }, county)).data.registryCounts.reportValues;
    expect(figures).toEqual(shown);
    expect(figures!.map((f) => f.indicator)).toContain('LEFT_BEHIND_CHILDREN');
    expect(await service.figuresForReport(empty.id, '2026-10')).toBeNull();
  });

  it('asks at submit for an explanation of every figure that differs from the files (W4), and takes it', async () => {
    const figures = (await api.gql(COUNTS, { u: T.a, p: '2026-09' }, county)).data.registryCounts.reportValues as { indicator: string; value: number }[];
    const lbc = figures.find((f) => f.indicator === 'LEFT_BEHIND_CHILDREN')!.value;
    const values = [...figures.filter((f) => f.indicator !== 'LEFT_BEHIND_CHILDREN'), { indicator: 'LEFT_BEHIND_CHILDREN', value: lbc + 3 }];
    const saved = await api.gql(`mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, { i: { unitCode: T.a, period: '2026-09', values, expectedVersion: 0 } }, county);
    expect(saved.errors).toBeUndefined();
    const SUBMIT = `mutation($i: SubmitReportInput!) { submitReport(input: $i) { status warnings { rule indicators } } }`;
    const refused = await api.gql(SUBMIT, { i: { unitCode: T.a, period: '2026-09', expectedVersion: 1 } }, county);
    expect(refused.errors![0]!.extensions.reason).toBe('VALIDATION_FAILED');
    const violations = refused.errors![0]!.extensions.violations as { rule: string; indicators: string[] }[];
    expect(violations.filter((v) => v.rule === 'W4')).toEqual([expect.objectContaining({ rule: 'W4', indicators: ['LEFT_BEHIND_CHILDREN'] })]);
    const explanations = violations.map((v) => ({ rule: v.rule, indicator: v.indicators[0], text: 'three children certified after the month ended' }));
    const submitted = await api.gql(SUBMIT, { i: { unitCode: T.a, period: '2026-09', expectedVersion: 1, explanations } }, county);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitReport.warnings).toContainEqual({ rule: 'W4', indicators: ['LEFT_BEHIND_CHILDREN'] });
  });
});
