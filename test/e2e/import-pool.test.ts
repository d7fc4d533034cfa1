/**
 * Finding 3: ten large imports at once cannot starve other users' reads:
 * imports save through their own small pool (BulkDatabase), so the main
 * pool always has connections for reads and approvals.
 */
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

const PERIOD = '2026-10';
const IMPORTS = 10;
const ROWS = Number(process.env.IMPORT_POOL_ROWS ?? 200);
let api: TestApi;
let clerk = '';
const viewers: string[] = [];
let villages: string[] = [];

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  clerk = await api.tokenFor([Role.CLERK], '52');
  for (let i = 0; i < 5; i++) viewers.push(await api.tokenFor([Role.VIEWER], '52'));
  villages = (await api.db.query(`SELECT code FROM admin_unit WHERE depth = 5 AND code LIKE '52%' ORDER BY code LIMIT $1`, [IMPORTS * ROWS])).map((r: { code: string }) => r.code);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

it(`runs ${IMPORTS} imports of ${ROWS} rows at once while other users' reads all succeed`, async () => {
  const files = Array.from({ length: IMPORTS }, (_, i) =>
    Buffer.from(`unitCode,HOME_VISITS\n${villages.slice(i * ROWS, (i + 1) * ROWS).map((v) => `${v},3`).join('\n')}\n`).toString('base64'),
  );
  let importing = true;
  const reads = { ok: 0, failed: [] as string[], slowest: 0 };
  const reader = async (token: string) => {
    while (importing) {
      const t = Date.now();
      const res = await api.gql(`{ unit(code: "5201") { name children(first: 5) { totalCount edges { node { code } } } } }`, {}, token);
      reads.slowest = Math.max(reads.slowest, Date.now() - t);
      if (res.errors) reads.failed.push(`${res.errors[0]!.extensions.code}: ${res.errors[0]!.message}`);
      else reads.ok++;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const readers = viewers.map(reader);
  const results = await Promise.all(
    files.map((fileBase64) =>
      api.gql(`mutation($i: ImportReportsInput!) { importReports(input: $i) { saved failed } }`, { i: { parentCode: '52', period: PERIOD, format: 'CSV', fileBase64, mode: 'ALL_OR_NOTHING' } }, clerk),
    ),
  );
  importing = false;
  await Promise.all(readers);
  process.stdout.write(`import pool: ${IMPORTS}×${ROWS} rows; reads ok ${reads.ok}, failed ${reads.failed.length}, slowest ${reads.slowest} ms\n`);
  expect(results.map((r) => r.errors?.[0]?.message ?? r.data.importReports)).toEqual(Array.from({ length: IMPORTS }, () => ({ saved: ROWS, failed: 0 })));
  expect(reads.failed).toEqual([]);
  expect(reads.ok).toBeGreaterThan(10);
}, 600_000);
