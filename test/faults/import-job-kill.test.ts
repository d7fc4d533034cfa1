/**
 * An import job whose worker is killed mid-run (SIGKILL: no shutdown hooks)
 * is taken up by the next worker and finishes, with no row saved twice.
 */
import { Role } from '@carenet/core';
import { spawnWorker, stopProcess } from '../support/processes.js';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { waitForValue } from '../support/wait.js';

let api: TestApi;
let worker: ReturnType<typeof spawnWorker> | undefined;

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
});
afterAll(async () => {
  if (worker) await stopProcess(worker, 'SIGKILL');
  await api?.close();
});

it('finishes after a restart with every row saved exactly once', async () => {
  const env = { DATABASE_URL: api.config.databaseUrl!, REDIS_URL: api.config.redisUrl!, CARENET_REDIS_PREFIX: api.config.redisPrefix };
  const villages: string[] = (
    await api.db.query(`SELECT v.code FROM admin_unit v JOIN admin_unit c ON c.code = '520100000000' AND v.path <@ c.path WHERE v.depth = 5 ORDER BY v.code LIMIT 1000`)
  ).map((r: { code: string }) => r.code);
  expect(villages.length).toBeGreaterThan(500);
  const clerk = await api.tokenFor([Role.CLERK], '5201');
  const csv = ['unitCode,LEFT_BEHIND_CHILDREN', ...villages.map((v, i) => `${v},${i % 17}`)].join('\n');
  const start = await api.gql(
    `mutation($i: ImportReportsInput!) { startReportImport(input: $i) { id } }`,
    { i: { parentCode: '5201', period: '2026-10', format: 'CSV', fileBase64: Buffer.from(csv).toString('base64'), mode: 'VALID_ROWS' } },
    clerk,
  );
  expect(start.errors).toBeUndefined();
  const id = start.data.startReportImport.id as string;
  const job = async () => (await api.db.query(`SELECT status, rows_done AS "rowsDone", rows_total AS "rowsTotal", attempts, result FROM import_jobs WHERE id = $1`, [id]))[0];
  const until = (what: string, test: (j: any) => boolean, limitMs?: number) => waitForValue(`import job: ${what}`, job, test, { limitMs });

  worker = spawnWorker(env);
  const midway = await until('some rows saved', (j) => j.status !== 'QUEUED' && j.rowsDone > 0, 120_000);
  expect(midway.status).toBe('RUNNING');
  await stopProcess(worker, 'SIGKILL');
  const [{ saved }] = await api.db.query(`SELECT count(*)::int AS saved FROM report WHERE period = '2026-10-01'`);
  expect(saved).toBeGreaterThan(0);
  expect(saved).toBeLessThan(villages.length);

  worker = spawnWorker(env);
  const done = await until('DONE after the restart', (j) => j.status === 'DONE' || j.status === 'FAILED', 300_000);
  expect(done).toMatchObject({ status: 'DONE', rowsDone: villages.length, rowsTotal: villages.length });
  expect(done.attempts).toBeGreaterThanOrEqual(2);
  expect(done.result).toMatchObject({ saved: villages.length, failed: 0 });
  const [counts] = await api.db.query(
    `SELECT count(*)::int AS reports, max(r.version)::int AS "maxVersion",
            (SELECT count(*)::int FROM report_audit a JOIN report x ON x.id = a.report_id WHERE x.period = '2026-10-01') AS audits,
            (SELECT sum(v.value)::int FROM report_value v JOIN report x ON x.id = v.report_id WHERE x.period = '2026-10-01' AND v.indicator = 'LEFT_BEHIND_CHILDREN') AS total
       FROM report r WHERE r.period = '2026-10-01'`,
  );
  expect(counts).toEqual({ reports: villages.length, maxVersion: 1, audits: villages.length, total: villages.reduce((n, _v, i) => n + (i % 17), 0) });
}, 600_000);
