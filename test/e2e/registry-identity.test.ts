/**
 * A child's ID number cannot be rebuilt from anything short of the full file
 * (domain.md §8): lists show the last four characters and the month a child
 * turns 18, never the area code or a day of birth; the database keeps no
 * plaintext column that rebuilds the number; look-ups of numbers are budgeted
 * per user and each one is logged.
 */
import { Role } from '@carenet/core';
import { idCheckCharacter } from '@carenet/registry';
import { startTestApi, type TestApi } from '../support/test-app.js';

const BUDGET = 3;
let api: TestApi;
let county: string;
let village = '';
let township = '';

/** A valid ID number born on the given day (GB 11643 check character). */
function idNumber(birth: string, serial: number): string {
  const first17 = `520102${birth.replace(/-/g, '')}${String(serial).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

const CREATE = `mutation($input: CreateChildInput!) { createChild(input: $input) { id idNumberMasked } }`;
const BY_ID = `query($n: String!) { childByIdNumber(idNumber: $n) { id idNumberMasked } }`;

async function create(input: Record<string, unknown>, token = county): Promise<{ id: string; idNumberMasked: string | null }> {
  const res = await api.gql(CREATE, { input: { sex: 'F', villageCode: village, openedOn: '2026-10-01', ...input } }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createChild;
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou', env: { CARENET_ID_LOOKUPS_PER_HOUR: String(BUDGET) } });
  const [v] = await api.db.query(
    `SELECT v.code AS village, t.code AS township FROM admin_unit v JOIN admin_unit t ON t.id = v.parent_id WHERE v.depth = 5 AND v.code LIKE '520102%' ORDER BY v.code LIMIT 1`,
  );
  ({ village, township } = v);
  county = await api.tokenFor([Role.CLERK], '520102');
});
afterAll(async () => {
  await api?.close();
});

describe('what lists show', () => {
  // turns 18 in November 2026: on the monitoring list of October
  const ID = idNumber('2008-11-15', 731);
  let id = '';
  beforeAll(async () => {
    ({ id } = await create({ name: '满十八', birthDate: '2008-11-15', idNumber: ID, grade: { grade: 'GREEN', reason: 'stable', assessedBy: '李主任' } }));
  });

  it('shows the last four characters and the month of turning 18, and nothing that completes the number', async () => {
    const list = await api.gql(`{ children(unitCode: "${village}") { edges { node { id idNumberMasked } } } }`, {}, county);
    const monitoring = await api.gql(
      `{ registryMonitoring(unitCode: "${village}", period: "2026-10") { turning18NextMonth { child { id idNumberMasked } turns18In } } }`,
      {},
      county,
    );
    const byNumber = await api.gql(BY_ID, { n: ID }, county);
    expect(list.data.children.edges).toContainEqual({ node: { id, idNumberMasked: `**************${ID.slice(-4)}` } });
    expect(monitoring.data.registryMonitoring.turning18NextMonth).toEqual([{ child: { id, idNumberMasked: `**************${ID.slice(-4)}` }, turns18In: '2026-11' }]);
    expect(byNumber.data.childByIdNumber).toEqual({ id, idNumberMasked: `**************${ID.slice(-4)}` });
    // together, the answers hold neither the area code beside the last four nor the day of birth
    const shown = JSON.stringify([list.data, monitoring.data, byNumber.data]);
    for (const part of ['2008-11-15', '20081115', '11-15', ID.slice(0, 6) + '*', ID.slice(6, 14)]) expect(shown).not.toContain(part);
  });

  it('opens the whole number and the birth date in the full file, logged', async () => {
    const file = await api.gql(`query($id: ID!) { childFile(id: $id, purpose: CASE_WORK) { idNumber birthDate idNumberMasked } }`, { id }, county);
    expect(file.data.childFile).toEqual({ idNumber: ID, birthDate: '2008-11-15', idNumberMasked: `**************${ID.slice(-4)}` });
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM registry_access_log WHERE child_id = $1 AND action = 'OPEN_FILE'`, [id]);
    expect(n).toBe(1);
  });

  it('keeps no plaintext column from which the number can be rebuilt', async () => {
    const [row] = await api.db.query(`SELECT to_jsonb(c) - 'id_cipher' - 'id_blind' AS plain FROM child c WHERE c.id = $1`, [id]);
    const plain = JSON.stringify(row.plain);
    for (const part of ['2008-11-15', '20081115', ID.slice(6, 14), ID.slice(0, 6) + '*', ID.slice(0, 14)]) expect(plain).not.toContain(part);
    expect(row.plain).toMatchObject({ birth_month: '2008-11-01', birth_day: null, id_last4: ID.slice(-4) });
  });

  it('keeps the day of birth of a child with no ID number (nothing to rebuild), and shows it in the full file', async () => {
    const { id: noId } = await create({ name: '无户口', birthDate: '2016-02-29' });
    const [row] = await api.db.query(`SELECT to_char(birth_month, 'YYYY-MM-DD') AS m, birth_day AS d FROM child WHERE id = $1`, [noId]);
    expect(row).toEqual({ m: '2016-02-01', d: 29 });
    const file = await api.gql(`query($id: ID!) { childFile(id: $id, purpose: CASE_WORK) { birthDate idNumber } }`, { id: noId }, county);
    expect(file.data.childFile).toEqual({ birthDate: '2016-02-29', idNumber: null });
  });
});

describe('look-ups of ID numbers', () => {
  const lookups = async (): Promise<{ kind: string; found: boolean; child_id: string | null }[]> =>
    api.db.query(`SELECT kind, found, child_id FROM registry_lookup_log ORDER BY id`);

  it(`answers ${BUDGET} look-ups an hour for each user, logs each one, then refuses naming the field and the budget`, async () => {
    const ID = idNumber('2014-05-06', 12);
    const { id } = await create({ name: '查询', birthDate: '2014-05-06', idNumber: ID });
    const before = (await lookups()).length;
    const clerk = await api.tokenFor([Role.CLERK], '520102');
    const answers = [];
    for (let i = 0; i < BUDGET; i++) answers.push((await api.gql(BY_ID, { n: i === 0 ? ID : idNumber('2014-05-06', 100 + i) }, clerk)).data.childByIdNumber);
    expect(answers).toEqual([{ id, idNumberMasked: `**************${ID.slice(-4)}` }, null, null]);
    const refused = await api.gql(BY_ID, { n: ID }, clerk);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'ID_LOOKUP_BUDGET_SPENT', field: 'idNumber', limit: BUDGET });
    expect(refused.errors![0]!.message).toMatch(/^idNumber: at most 3 ID-number look-ups per hour/);
    // each answered look-up is a line (the number never is); the refused one looked nothing up
    expect((await lookups()).slice(before)).toEqual([
      { kind: 'ID_LOOKUP', found: true, child_id: id },
      { kind: 'ID_LOOKUP', found: false, child_id: null },
      { kind: 'ID_LOOKUP', found: false, child_id: null },
    ]);
    const [{ text }] = await api.db.query(`SELECT string_agg(to_jsonb(l)::text, '') AS text FROM registry_lookup_log l`);
    expect(text).not.toContain(ID.slice(6, 14));
    // another user's budget is their own
    expect((await api.gql(BY_ID, { n: ID }, await api.tokenFor([Role.CLERK], '520102'))).data.childByIdNumber).toEqual({ id, idNumberMasked: `**************${ID.slice(-4)}` });
  });

  it('charges each duplicate an import finds: past the budget a row is refused without saying whether its number has a file', async () => {
    const existing = [1, 2, 3, 4].map((i) => idNumber('2013-09-1' + i, 300 + i));
    for (const [i, n] of existing.entries()) await create({ name: `已有${i}`, birthDate: `2013-09-1${i + 1}`, idNumber: n });
    const clerk = await api.tokenFor([Role.CLERK], township);
    const csv = ['villageCode,name,sex,birthDate,idNumber', ...existing.map((n, i) => `${village},候选${i},F,2013-09-1${i + 1},${n}`)].join('\n');
    const before = (await lookups()).length;
    const res = await api.gql(
      `mutation($i: ImportChildrenInput!) { importChildren(input: $i) { created problems { row field message } } }`,
      { i: { parentCode: township, format: 'CSV', fileBase64: Buffer.from(csv).toString('base64'), mode: 'ALL_OR_NOTHING' } },
      clerk,
    );
    expect(res.errors).toBeUndefined();
    const problems = res.data.importChildren.problems as { row: number; field: string; message: string }[];
    expect(problems.map((p) => [p.row, p.field])).toEqual([[2, 'idNumber'], [3, 'idNumber'], [4, 'idNumber'], [5, 'idNumber']]);
    expect(problems.slice(0, BUDGET).every((p) => /already has a file/.test(p.message))).toBe(true);
    expect(problems[BUDGET]!.message).toMatch(/^idNumber: at most 3 ID-number look-ups per hour/);
    expect(problems[BUDGET]!.message).not.toMatch(/already has a file/);
    // all four were looked up and logged, though the import kept nothing; the fourth was not told
    expect((await lookups()).slice(before).map((l) => [l.kind, l.found])).toEqual([
      ['DUPLICATE_CHECK', true],
      ['DUPLICATE_CHECK', true],
      ['DUPLICATE_CHECK', true],
      ['DUPLICATE_CHECK', false],
    ]);
  });
});
