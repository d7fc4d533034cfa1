/**
 * A ledger of children's files (importChildren, and startRegistryImport run
 * by the worker) is read within the limits every upload is read within: a CSV
 * of 1 MiB of blank lines, and an XLSX of about 1.6 MB whose sheet unpacks to
 * 20 MB, are refused naming the limit by an API and a worker each in its own
 * process, as `npm start` runs them (the API's heap bounded), which go on
 * answering and stay small. Both files used to be parsed whole before their
 * rows were counted: the API ran out of heap (SIGABRT), the worker grew past
 * 590 MB.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Role } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { appRoleUrl } from '@carenet/database';
import { startTestContext, type TestContext } from '../support/test-context.js';
import { rssMb, spawnApi, spawnWorker, stopProcess } from '../support/processes.js';
import { blankLinesCsv, LEDGER_HEADER, ledgerSheetBomb } from '../support/hostile-files.js';
import { waitForValue } from '../support/wait.js';

/**
 * Resident memory a process may reach while it refuses the files: well above
 * what it holds at rest (about 150 MB here; under 190 MB while refusing these), well below what parsing them
 * whole took (the API's 320 MB heap exhausted; the worker at 590 MB).
 */
const API_MAX_MB = 250;
const WORKER_MAX_MB = 250;

let ctx: TestContext;
let api: { child: ChildProcess; url: string } | undefined;
let worker: ChildProcess | undefined;
let clerk = '';
let village = '';

const BOMBS: [string, 'CSV' | 'XLSX', () => Buffer][] = [
  ['1 MiB of blank lines as CSV', 'CSV', () => blankLinesCsv(2 ** 20, `${LEDGER_HEADER}\n`)],
  ['an XLSX whose sheet unpacks to 20 MB', 'XLSX', () => ledgerSheetBomb(20 * 2 ** 20)],
];
/** Both files are refused by their line count, as soon as they pass it. */
const REFUSAL = /^file: the (file|sheet) has more than 6001 (lines|rows) .*limit maxLines.*split it/;

const env = () => ({ DATABASE_URL: appRoleUrl(ctx.config.databaseUrl!, process.env.CARENET_TEST_DB_APP_PASSWORD), REDIS_URL: ctx.config.redisUrl!, CARENET_REDIS_PREFIX: ctx.config.redisPrefix });

beforeAll(async () => {
  ctx = await startTestContext('guizhou');
  api = await spawnApi(env());
  const username = `ledger-clerk-${randomBytes(3).toString('hex')}`;
  await ctx.app.get(AuthService).createUser('system', { username, password: 'a long password', roles: [Role.CLERK], unitCode: '520102' });
  const login = await gql(`mutation { login(username: "${username}", password: "a long password") { token } }`, {}, '');
  clerk = login.data.login.token;
  [{ code: village }] = await ctx.db.query(`SELECT code FROM admin_unit WHERE depth = 5 AND code LIKE '520102%' ORDER BY code LIMIT 1`);
}, 120_000);

afterAll(async () => {
  if (worker) await stopProcess(worker, 'SIGKILL');
  if (api) await stopProcess(api.child, 'SIGKILL');
  await ctx?.close();
});

async function gql(query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const res = await fetch(`${api!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/** What `work` answers, and the most memory the process held meanwhile (read from the kernel as it goes). */
async function watchingMemory<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peakMb = rssMb(pid);
  let done = false;
  const sampler = (async () => {
    while (!done) {
      peakMb = Math.max(peakMb, rssMb(pid));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { result: await work(), peakMb: Math.max(peakMb, rssMb(pid)) };
  } finally {
    done = true;
    await sampler;
  }
}

async function healthStatus(): Promise<number> {
  return (await fetch(`${api!.url}/health`, { signal: AbortSignal.timeout(5000) })).status;
}

const IMPORT = `mutation($i: ImportChildrenInput!) { importChildren(input: $i) { total created } }`;
const START = `mutation($i: ImportChildrenInput!) { startRegistryImport(input: $i) { id status } }`;

describe('importChildren, in the API process', () => {
  it.each(BOMBS)('%s: refused naming the limit; the API answers /health after, and stayed small', async (_what, format, file) => {
    const fileBase64 = file().toString('base64');
    const files = async () => (await ctx.db.query(`SELECT count(*)::int AS n FROM child`))[0].n as number;
    const before = await files();
    const { result: res, peakMb } = await watchingMemory(api!.child.pid!, () => gql(IMPORT, { i: { parentCode: '520102', format, fileBase64, mode: 'VALID_ROWS' } }, clerk));
    console.log(`importChildren, ${_what}: ${res.errors?.[0]?.message}; API peak ${Math.round(peakMb)} MB`);
    expect(res.errors?.[0]?.message).toMatch(REFUSAL);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fileBase64' });
    expect(api!.child.exitCode).toBeNull();
    expect(api!.child.signalCode).toBeNull();
    expect(await healthStatus()).toBe(200);
    expect(peakMb).toBeLessThan(API_MAX_MB);
    expect(await files()).toBe(before);
  }, 120_000);
});

describe('startRegistryImport, in the worker process', () => {
  beforeAll(() => {
    worker = spawnWorker(env());
  });

  /** The job once it has finished (DONE or FAILED), read from its row as the worker writes it. */
  async function finished(id: string): Promise<{ status: string; error: string | null; result: any }> {
    return waitForValue(
      'the import job to finish',
      async () => {
        const [job] = await ctx.db.query(`SELECT status, error, result FROM import_jobs WHERE id = $1`, [id]);
        if (job.status !== 'DONE' && job.status !== 'FAILED' && (worker!.exitCode !== null || worker!.signalCode !== null)) {
          throw new Error(`the worker stopped (${worker!.exitCode ?? worker!.signalCode}) with the job ${job.status}`);
        }
        return job;
      },
      (job) => job.status === 'DONE' || job.status === 'FAILED',
    );
  }

  async function runJob(format: 'CSV' | 'XLSX', data: Buffer) {
    const start = await gql(START, { i: { parentCode: '520102', format, fileBase64: data.toString('base64'), mode: 'VALID_ROWS' } }, clerk);
    expect(start.errors).toBeUndefined();
    return finished(start.data.startRegistryImport.id);
  }

  it.each(BOMBS)('%s: the job fails naming the limit; the worker goes on, and stayed small', async (_what, format, file) => {
    const data = file();
    const { result: job, peakMb } = await watchingMemory(worker!.pid!, () => runJob(format, data));
    console.log(`startRegistryImport, ${_what}: ${job.status} ${job.error}; worker peak ${Math.round(peakMb)} MB`);
    expect(job).toMatchObject({ status: 'FAILED', error: expect.stringMatching(REFUSAL) });
    expect(peakMb).toBeLessThan(WORKER_MAX_MB);
    expect(worker!.exitCode).toBeNull();
    expect(await healthStatus()).toBe(200);
  }, 180_000);

  it('then runs a good ledger as ever', async () => {
    const job = await runJob('CSV', Buffer.from(`villageCode,name,sex,birthDate\n${village},测试儿童,F,2015-03-01\n`));
    expect(job).toMatchObject({ status: 'DONE', result: { total: 1, created: 1, problems: [] } });
  }, 180_000);
});
