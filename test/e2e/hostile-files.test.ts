/**
 * Findings 1 and 2: hostile upload files are refused while being read, within
 * a second, naming the limit, without the process growing; `/health` answers
 * meanwhile. Every file is made by the test.
 */
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Role } from '@carenet/core';
import { parseImportFile } from '@carenet/reporting';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { blankLinesCsv, hugeSheet, zipBombBeside, zipBombSheet } from '../support/hostile-files.js';

const PERIOD = '2026-10';
let api: TestApi;
let clerk = '';
let village = '';
const OPTS = { maxRows: 5000, knownIndicators: new Set(['HOME_VISITS']) };

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  clerk = await api.tokenFor([Role.CLERK], '520102');
  const [row] = await api.db.query(`SELECT code FROM admin_unit WHERE depth = 5 AND code LIKE '520102%' ORDER BY code LIMIT 1`);
  village = row.code;
}, 120_000);

afterAll(async () => {
  await api?.close();
});

const IMPORT = `mutation($i: ImportReportsInput!) { importReports(input: $i) { saved failed fileProblems rows { row problems } } }`;

async function importFile(format: 'CSV' | 'XLSX', data: Buffer) {
  const started = Date.now();
  const health: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const t = Date.now();
      await request(api.app.getHttpServer()).get('/health');
      health.push(Date.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const res = await api.gql(IMPORT, { i: { parentCode: '520102', period: PERIOD, format, fileBase64: data.toString('base64'), mode: 'VALID_ROWS' } }, clerk);
  const ms = Date.now() - started;
  done = true;
  await probe;
  return { res, ms, slowestHealth: Math.max(0, ...health) };
}

/**
 * Bounds that tell a refusal from the freeze it replaces (minutes, with /health
 * dead), with room for a busy machine: a test is no stopwatch. The refusals
 * take well under a second here when nothing else runs (npm run soak measures them).
 */
const LIMIT_MS = { parse: 3000, request: 10_000, health: 5000 };

describe('hostile files', () => {
  it('a 10 MB CSV of a header and blank lines is refused within a second, naming the limit', async () => {
    const data = blankLinesCsv();
    const t = Date.now();
    const parsed = await parseImportFile('CSV', data, OPTS);
    expect(Date.now() - t).toBeLessThan(LIMIT_MS.parse);
    expect(parsed.fileProblems).toEqual([expect.stringContaining('limit maxLines')]);

    const { res, ms, slowestHealth } = await importFile('CSV', data);
    expect(res.errors?.[0]?.message).toContain('limit maxLines');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(ms).toBeLessThan(LIMIT_MS.request);
    expect(slowestHealth).toBeLessThan(LIMIT_MS.health);
  }, 60_000);

  it('an XLSX whose sheet unpacks to 1 GiB is refused before unpacking (declared) or as soon as it passes the limit (lied about)', async () => {
    for (const lie of [false, true]) {
      const data = await zipBombSheet(2 ** 30, lie);
      const rss = process.memoryUsage().rss;
      const t = Date.now();
      const parsed = await parseImportFile('XLSX', data, OPTS);
      expect([lie, Date.now() - t < 1000]).toEqual([lie, true]);
      expect(parsed.fileProblems.join('; ')).toMatch(/limit maxEntryBytes|size|unpacks/);
      expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 2 ** 20);
    }
  }, 120_000);

  it('three 1 GiB parts beside the sheet are never unpacked: the sheet is read, at once', async () => {
    const data = await zipBombBeside(village, 3, 2 ** 30);
    expect(data.length).toBeLessThan(8 * 2 ** 20);
    const rss = process.memoryUsage().rss;
    const { res, ms, slowestHealth } = await importFile('XLSX', data);
    expect(res.errors).toBeUndefined();
    expect(res.data.importReports).toMatchObject({ saved: 1, failed: 0 });
    expect(ms).toBeLessThan(LIMIT_MS.request);
    expect(slowestHealth).toBeLessThan(LIMIT_MS.health);
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 2 ** 20);
  }, 120_000);

  it('a sheet of 1.2 million rows is refused within a second, naming the limit', async () => {
    const data = hugeSheet(1_200_000);
    const t = Date.now();
    const parsed = await parseImportFile('XLSX', data, OPTS);
    expect(Date.now() - t).toBeLessThan(LIMIT_MS.parse);
    expect(parsed.fileProblems).toEqual([expect.stringMatching(/limit max(EntryBytes|Lines)/)]);
    const { res, ms } = await importFile('XLSX', data);
    expect(res.errors?.[0]?.message).toMatch(/limit max(EntryBytes|Lines)/);
    expect(ms).toBeLessThan(LIMIT_MS.request);
  }, 120_000);

  it('a sheet of 100,000 small rows (within the size limits) is refused by its row count, within a second', async () => {
    const data = hugeSheet(100_000);
    const t = Date.now();
    const parsed = await parseImportFile('XLSX', data, OPTS);
    expect(Date.now() - t).toBeLessThan(LIMIT_MS.parse);
    expect(parsed.fileProblems).toEqual([expect.stringContaining('limit maxLines')]);
  }, 60_000);
  it('ten large uploads at once: one is read at a time, six wait their turn, the rest are told to retry; none answers 5xx', async () => {
    const fileBase64 = hugeSheet(1_200_000).toString('base64');
    // over fetch, as browsers and most clients send: a refusal must arrive as an answer, not a reset connection
    if (!api.app.getHttpServer().address()) await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}` },
          body: JSON.stringify({ query: IMPORT, variables: { i: { parentCode: '520102', period: PERIOD, format: 'XLSX', fileBase64, mode: 'VALID_ROWS' } } }),
        });
        return { status: res.status, headers: { 'retry-after': res.headers.get('retry-after') }, body: (await res.json()) as any };
      }),
    );
    const busy = answers.filter((a) => a.status === 429);
    const read = answers.filter((a) => a.status === 200);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    // 1 reading + 6 waiting: at least the last three are refused (more when a wait runs out on a slow machine)
    expect(busy.length).toBeGreaterThanOrEqual(3);
    expect(busy[0]!.headers['retry-after']).toBe('15');
    expect(busy[0]!.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'UPLOADS_BUSY', limit: 1 });
    expect(read.length).toBeGreaterThanOrEqual(1);
    for (const a of read) expect(a.body.errors[0].message).toContain('limit maxEntryBytes');
  }, 120_000);
});
