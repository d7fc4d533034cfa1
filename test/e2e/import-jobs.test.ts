/** Long imports as background jobs: started at once, run by the worker, followed with importJob until they end. */
import { Role } from '@carenet/core';
import { idCheckCharacter } from '@carenet/registry';
import { ImportJobsService } from '@carenet/reporting';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';
import { waitForValue } from '../support/wait.js';

const PERIOD = '2026-10';
let api: TestApi;
let worker: TestWorker & { drop: () => Promise<void> };
let clerk = '';

const START = `mutation($i: ImportReportsInput!) { startReportImport(input: $i) { id kind status mode format parentCode period rowsDone rowsTotal } }`;
const START_REGISTRY = `mutation($i: ImportChildrenInput!) { startRegistryImport(input: $i) { id kind status } }`;
const JOB = `query($id: ID!) { importJob(id: $id) {
  id kind status mode rowsTotal rowsDone startedAt finishedAt error
  reportResult { saved failed fileProblems rows { row unitCode outcome problems issues { field rule message } } }
  registryResult { mode total created problems { row field message } } } }`;
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

/** Polls importJob until the job has ended; every answer seen, in order. */
async function finished(id: string, token = clerk): Promise<{ job: any; seen: any[] }> {
  const seen: any[] = [];
  const job = await waitForValue(
    `import job ${id} to end`,
    async () => {
      const res = await api.gql(JOB, { id }, token);
      expect(res.errors).toBeUndefined();
      seen.push(res.data.importJob);
      return res.data.importJob;
    },
    (j) => ['DONE', 'FAILED'].includes(j.status),
    { everyMs: 100 },
  );
  return { job, seen };
}

async function villagesOf(parent: string): Promise<string[]> {
  const rows = await api.db.query(`SELECT v.code FROM admin_unit v JOIN admin_unit p ON v.path <@ p.path WHERE p.code = $1 AND v.depth = 5 ORDER BY v.code`, [parent]);
  return rows.map((r: { code: string }) => r.code);
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  worker = await startTestWorker({ databaseUrl: api.config.databaseUrl, redisPrefix: api.config.redisPrefix });
  clerk = await api.tokenFor([Role.CLERK], '520102');
  api.defaultToken = clerk;
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('report import jobs', () => {
  let countyJob = '';
  let villages: string[] = [];

  it('imports a county’s villages in the background: QUEUED at once, then DONE with the figures saved and progress at the total', async () => {
    villages = await villagesOf('520102000000');
    expect(villages.length).toBeGreaterThan(50);
    const csv = ['unitCode,LEFT_BEHIND_CHILDREN,CHILD_HOMES', ...villages.map((v, i) => `${v},${(i * 7) % 23},${i % 2}`)].join('\n');
    const start = await api.gql(START, { i: { parentCode: '520102', period: PERIOD, format: 'CSV', fileBase64: b64(csv), mode: 'ALL_OR_NOTHING' } });
    expect(start.errors).toBeUndefined();
    expect(start.data.startReportImport).toMatchObject({ kind: 'REPORTS', status: 'QUEUED', mode: 'ALL_OR_NOTHING', format: 'CSV', parentCode: '520102000000', period: PERIOD, rowsDone: 0, rowsTotal: null });
    countyJob = start.data.startReportImport.id;

    const { job } = await finished(countyJob);
    expect(job).toMatchObject({ status: 'DONE', error: null, rowsTotal: villages.length, rowsDone: villages.length, registryResult: null });
    expect(job.reportResult).toMatchObject({ saved: villages.length, failed: 0, fileProblems: [] });
    expect(new Date(job.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(job.startedAt).getTime());
    const [{ total, reports }] = await api.db.query(
      `SELECT sum(v.value)::int AS total, count(DISTINCT r.id)::int AS reports FROM report r JOIN report_value v ON v.report_id = r.id
        WHERE r.period = '2026-10-01' AND v.indicator = 'LEFT_BEHIND_CHILDREN'`,
    );
    expect(reports).toBe(villages.length);
    expect(total).toBe(villages.reduce((n, _v, i) => n + ((i * 7) % 23), 0));
    const [{ file }] = await api.db.query(`SELECT file FROM import_jobs WHERE id = $1`, [countyJob]);
    expect(file).toBeNull();
  });

  it('answers NOT_FOUND to anyone but its starter and the administrators above it, exactly as for an unknown id', async () => {
    const otherClerk = await api.tokenFor([Role.CLERK, Role.APPROVER], '520103');
    const otherAdmin = await api.tokenFor([Role.ADMIN], '520103');
    const sameCountyClerk = await api.tokenFor([Role.CLERK], '520102');
    for (const token of [otherClerk, otherAdmin, sameCountyClerk]) {
      const res = await api.gql(JOB, { id: countyJob }, token);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'IMPORT_JOB_NOT_FOUND' });
    }
    const unknown = await api.gql(JOB, { id: '6f1c2a5e-8a3b-4c1d-9e2f-0123456789ab' });
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'IMPORT_JOB_NOT_FOUND' });
    const garbage = await api.gql(JOB, { id: 'not-a-job' });
    expect(garbage.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'IMPORT_JOB_NOT_FOUND' });
    const admin = await api.gql(JOB, { id: countyJob }, await api.tokenFor([Role.ADMIN], '5201'));
    expect(admin.data.importJob).toMatchObject({ id: countyJob, status: 'DONE' });
  });

  it('run again after its worker died (the rows saved, the job not yet marked done), saves no row twice', async () => {
    const before = await api.db.query(`SELECT count(*)::int AS audits, sum(r.version)::int AS versions FROM report r JOIN report_audit a ON a.report_id = r.id WHERE r.period = '2026-10-01'`);
    const csv = ['unitCode,LEFT_BEHIND_CHILDREN,CHILD_HOMES', ...villages.map((v, i) => `${v},${(i * 7) % 23},${i % 2}`)].join('\n');
    await api.ownerQuery(`UPDATE import_jobs SET status = 'RUNNING', finished_at = NULL, result = NULL, file = $2 WHERE id = $1`, [countyJob, Buffer.from(csv)]);
    await expect(worker.app.get(ImportJobsService).run(countyJob)).resolves.toBe('DONE');
    const after = await api.db.query(`SELECT count(*)::int AS audits, sum(r.version)::int AS versions FROM report r JOIN report_audit a ON a.report_id = r.id WHERE r.period = '2026-10-01'`);
    expect(after).toEqual(before);
    const { job } = await finished(countyJob);
    expect(job.reportResult).toMatchObject({ saved: villages.length, failed: 0 });
    // a finished job delivered again is left as it is
    await expect(worker.app.get(ImportJobsService).run(countyJob)).resolves.toBe('GONE');
  });

  it('VALID_ROWS saves the good rows and gives each bad row its problems', async () => {
    const codes = (await villagesOf('520103000000')).slice(0, 3);
    const otherClerk = await api.tokenFor([Role.CLERK], '520103');
    const csv = ['unitCode,LEFT_BEHIND_CHILDREN,RISK_RED', `${codes[0]},5,1`, `${codes[1]},2,3`, `${codes[2]},abc,`, `520102001001,1,0`].join('\n');
    const start = await api.gql(START, { i: { parentCode: '520103', period: PERIOD, format: 'CSV', fileBase64: b64(csv), mode: 'VALID_ROWS' } }, otherClerk);
    expect(start.errors).toBeUndefined();
    const { job } = await finished(start.data.startReportImport.id, otherClerk);
    expect(job).toMatchObject({ status: 'DONE', mode: 'VALID_ROWS', rowsTotal: 4, rowsDone: 4 });
    const rows = job.reportResult.rows;
    expect(job.reportResult).toMatchObject({ saved: 1, failed: 3 });
    expect(rows[0]).toMatchObject({ row: 2, unitCode: codes[0], outcome: 'SAVED', problems: [] });
    expect(rows[1].problems[0]).toContain('(E3)');
    expect(rows[2].problems[0]).toContain("LEFT_BEHIND_CHILDREN: 'abc' is not a whole number");
    expect(rows[3].problems[0]).toContain('no unit with code 520102001001 under 520103000000');
    expect(rows.map((r: any) => r.issues.map((i: any) => [i.field, i.rule]))).toEqual([
      [],
      [[expect.stringContaining('RISK_RED'), 'E3']],
      [['LEFT_BEHIND_CHILDREN', 'FORMAT']],
      [['unitCode', 'SCOPE']],
    ]);
    expect(rows[1].issues[0].message).toBe(rows[1].problems[0]);
  });

  it('is refused at once when the caller may not enter figures there, or the file is over 10 MB, as importReports is', async () => {
    const jobs = async () => (await api.db.query(`SELECT count(*)::int AS n FROM import_jobs`))[0].n as number;
    const before = await jobs();
    const viewer = await api.tokenFor([Role.VIEWER], '520102');
    const res = await api.gql(START, { i: { parentCode: '520102', period: PERIOD, format: 'CSV', fileBase64: b64('unitCode\n'), mode: 'VALID_ROWS' } }, viewer);
    expect(res.errors![0]!.extensions.code).toBe('FORBIDDEN');
    const other = await api.gql(START, { i: { parentCode: '520103', period: PERIOD, format: 'CSV', fileBase64: b64('unitCode\n'), mode: 'VALID_ROWS' } });
    expect(other.errors![0]!.extensions.code).toBe('NOT_FOUND');
    const big = await api.gql(START, { i: { parentCode: '520102', period: PERIOD, format: 'CSV', fileBase64: 'A'.repeat(Math.ceil((10 * 2 ** 20 * 4) / 3) + 8), mode: 'VALID_ROWS' } });
    expect(big.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IMPORT_FAILED', field: 'fileBase64' });
    expect(big.errors![0]!.message).toContain('larger than 10 MB');
    expect(await jobs()).toBe(before);
  });

  it('fails, saying why, when the file has more rows than an import may hold', async () => {
    const csv = ['unitCode,LEFT_BEHIND_CHILDREN', ...Array.from({ length: 5001 }, () => `${villages[0]},1`)].join('\n');
    const start = await api.gql(START, { i: { parentCode: '520102', period: PERIOD, format: 'CSV', fileBase64: b64(csv), mode: 'VALID_ROWS' } });
    expect(start.errors).toBeUndefined();
    const { job } = await finished(start.data.startReportImport.id);
    expect(job).toMatchObject({ status: 'FAILED', reportResult: null });
    expect(job.error).toContain('at most 5000');
    const [{ file }] = await api.db.query(`SELECT file FROM import_jobs WHERE id = $1`, [start.data.startReportImport.id]);
    expect(file).toBeNull();
  });
});

describe('registry import jobs', () => {
  it('imports a ledger in the background with its progress and per-row problems', async () => {
    const [t] = await api.db.query(`SELECT t.code FROM admin_unit t JOIN admin_unit c ON c.id = t.parent_id WHERE c.code = '520102000000' ORDER BY t.code LIMIT 1`);
    const [v] = await api.db.query(`SELECT v.code FROM admin_unit v JOIN admin_unit t ON t.id = v.parent_id WHERE t.code = $1 ORDER BY v.code LIMIT 1`, [t.code]);
    const idNumber = (birth: string, serial: number) => {
      const first17 = `520102${birth.replace(/-/g, '')}${String(serial).padStart(3, '0')}`;
      return first17 + idCheckCharacter(first17);
    };
    const csv = [
      'villageCode,name,sex,birthDate,idNumber,categories,grade,openedOn',
      ...Array.from({ length: 30 }, (_x, i) => `${v.code},导入${i},女,2013-05-05,${idNumber('2013-05-05', 400 + i)},LEFT_BEHIND,绿,2026-02-01`),
      `520103001001001,导入外,男,2013-05-07,,,,2026-02-01`,
    ].join('\n');
    const township = await api.tokenFor([Role.CLERK], t.code);
    const start = await api.gql(START_REGISTRY, { i: { parentCode: t.code, format: 'CSV', fileBase64: b64(csv), mode: 'VALID_ROWS' } }, township);
    expect(start.errors).toBeUndefined();
    expect(start.data.startRegistryImport).toMatchObject({ kind: 'REGISTRY', status: 'QUEUED' });
    const { job } = await finished(start.data.startRegistryImport.id, township);
    expect(job).toMatchObject({ status: 'DONE', kind: 'REGISTRY', rowsTotal: 31, rowsDone: 31, reportResult: null });
    expect(job.registryResult).toMatchObject({ mode: 'VALID_ROWS', total: 31, created: 30 });
    expect(job.registryResult.problems).toEqual([expect.objectContaining({ row: 32, field: 'villageCode' })]);
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM child WHERE name LIKE '导入%'`);
    expect(n).toBe(30);
    // the job was marked done in the import's own transaction: delivered again, it creates no file twice
    await expect(worker.app.get(ImportJobsService).run(job.id)).resolves.toBe('GONE');
  });
});
