/**
 * Two (and three) clerks saving the same report at once, over many rounds,
 * through real parallel HTTP requests: exactly one save per round wins, the
 * others get CONFLICT/VERSION_MISMATCH, and nothing is lost or half-applied.
 */
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

const ROUNDS = 60;
const CLERKS = 3;
const PERIOD = '2026-09';
let api: TestApi;
let village = '';
let tokens: string[] = [];

const SAVE = `mutation($i: SaveReportInput!) { saveReport(input: $i) { version values { indicator value } } }`;

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  api.defaultToken = await api.tokenFor([Role.VIEWER], '52');
  const list = await api.gql(`{ units(level: VILLAGE, first: 1) { edges { node { code } } } }`);
  village = list.data.units.edges[0].node.code;
  tokens = await Promise.all(Array.from({ length: CLERKS }, (_, i) => api.tokenFor([Role.CLERK], village.slice(0, 6), `clerk-${i}`)));
});
afterAll(async () => {
  await api?.close();
});

it(`${CLERKS} clerks saving one report at once for ${ROUNDS} rounds: one winner per round, no lost update`, async () => {
  let version = 0;
  let conflicts = 0;
  const winners: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const results = await Promise.all(
      tokens.map((token, clerk) =>
        api.gql(SAVE, { i: { unitCode: village, period: PERIOD, expectedVersion: version, values: [{ indicator: 'HOME_VISITS', value: round * 10 + clerk }] } }, token),
      ),
    );
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    for (const r of lost) expect(r.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    conflicts += lost.length;
    const winner = won[0]!.data.saveReport;
    expect(winner.version).toBe(version + 1);
    winners.push(winner.values[0].value);
    version = winner.version;
  }
  expect(conflicts).toBe(ROUNDS * (CLERKS - 1));

  // the stored report is the last winner's, and the audit holds exactly one SAVE per round, each the winner's values in order
  const [report] = await api.db.query(`SELECT r.id, r.version, v.value FROM report r JOIN report_value v ON v.report_id = r.id JOIN admin_unit u ON u.id = r.unit_id WHERE u.code = $1 AND r.period = '2026-09-01'`, [village]);
  expect(report.version).toBe(ROUNDS);
  expect(Number(report.value)).toBe(winners.at(-1));
  const audit: { version: number; after: { values: { value: number }[] } }[] = await api.db.query(`SELECT version, after FROM report_audit WHERE report_id = $1 ORDER BY id`, [report.id]);
  expect(audit.map((a) => a.version)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 1));
  expect(audit.map((a) => a.after.values[0]!.value)).toEqual(winners);
   
  console.log(`parallel saves: ${ROUNDS} rounds × ${CLERKS} clerks → ${ROUNDS} saved, ${conflicts} VERSION_MISMATCH, 0 lost`);
});

it('creating a new report at once from two clerks: one creates it, the other is told', async () => {
  for (let round = 0; round < 20; round++) {
    const period = `2025-${String((round % 12) + 1).padStart(2, '0')}`;
    const unit = round < 12 ? village : village.slice(0, 9); // a township's report for the later rounds
    const results = await Promise.all(
      tokens.slice(0, 2).map((token, clerk) =>
        api.gql(SAVE, { i: { unitCode: unit, period, expectedVersion: 0, values: round < 12 ? [{ indicator: 'HOME_VISITS', value: clerk }] : [{ indicator: 'CHILD_SUPERVISORS', value: clerk }] } }, token),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions.reason === 'VERSION_MISMATCH')).toHaveLength(1);
  }
});

it('repeats a save with the same idempotency key and returns the first result; other input under that key is a conflict', async () => {
  const input = { unitCode: village, period: '2026-08', expectedVersion: 0, values: [{ indicator: 'HOME_VISITS', value: 5 }], idempotencyKey: 'sync-2026-08-a' };
  const [first, second] = await Promise.all([api.gql(SAVE, { i: input }, tokens[0]), api.gql(SAVE, { i: input }, tokens[0])]);
  expect(first.errors).toBeUndefined();
  expect(second.errors).toBeUndefined();
  expect(second.data).toEqual(first.data);
  const third = await api.gql(SAVE, { i: input }, tokens[0]);
  expect(third.data).toEqual(first.data);
  const [{ n }] = await api.db.query(`SELECT count(*) AS n FROM report_audit a JOIN report r ON r.id = a.report_id WHERE r.period = '2026-08-01'`);
  expect(n).toBe(1);

  const other = await api.gql(SAVE, { i: { ...input, values: [{ indicator: 'HOME_VISITS', value: 6 }] } }, tokens[0]);
  expect(other.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
});
