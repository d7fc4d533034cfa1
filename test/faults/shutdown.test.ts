/**
 * SIGTERM lets what is in flight finish: requests already received are all
 * answered, and the API exits cleanly; the worker finishes its active jobs.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Role } from '@carenet/core';
import { portAnswers } from '@carenet/runtime';
import { freePort } from '../support/processes.js';
import { startTestContext, type TestContext } from '../support/test-context.js';
import { waitUntil } from '../support/wait.js';
import { AuthService } from '@carenet/auth';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let ctx: TestContext;
afterAll(async () => {
  await ctx?.close();
});

it('answers every request already in flight when SIGTERM arrives, then exits cleanly', async () => {
  ctx = await startTestContext('guizhou');
  await ctx.app.get(AuthService).createUser('system', { username: 'shutdown-viewer', password: 'a long password', roles: [Role.VIEWER], unitCode: '52' });
  const port = await freePort();
  const api = spawn(process.execPath, [path.join(ROOT, 'dist/apps/api/src/main.js')], {
    env: { ...process.env, DATABASE_URL: ctx.config.databaseUrl, REDIS_URL: ctx.config.redisUrl, CARENET_REDIS_PREFIX: ctx.config.redisPrefix, PORT: String(port), NODE_ENV: 'test', LOG_LEVEL: 'warn', CARENET_RATE_LIMIT_PER_MINUTE: '100000' },
    stdio: 'ignore',
  });
  // Nest closes the app on SIGTERM and then ends the process with that same signal
  const exited = new Promise<string>((resolve) => api.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  await waitUntil('the API to listen', () => portAnswers('127.0.0.1', port));
  const url = `http://127.0.0.1:${port}/graphql`;
  const login = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation { login(username: "shutdown-viewer", password: "a long password") { token } }' }) });
  const token = ((await login.json()) as any).data.login.token;
  const query = JSON.stringify({ query: '{ units(level: VILLAGE, first: 100) { totalCount edges { node { code ancestors { name } children { totalCount } } } } }' });

  // node:http on one keep-alive agent of 20 sockets: each request says when it has been handed to the kernel whole
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  type Outcome = { status: number; body: any };
  const send = () => {
    let written!: () => void;
    const handedOver = new Promise<void>((resolve) => (written = resolve));
    const outcome = new Promise<Outcome>((resolve) => {
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(query), authorization: `Bearer ${token}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, body: { error: e.code ?? e.message } }));
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        written();
        resolve({ status: 0, body: { error: e.code ?? e.message } });
      });
      req.on('finish', () => written());
      req.end(query);
    });
    return { handedOver, outcome };
  };
  // open the connections first (keep-alive), so the requests below arrive on connections the server already holds
  await Promise.all(Array.from({ length: 20 }, () => send().outcome));
  const sent = Array.from({ length: 20 }, () => send());
  // SIGTERM once every request is in the kernel's hands (progress, not a pause): the server must read and answer each
  await Promise.all(sent.map((s) => s.handedOver));
  api.kill('SIGTERM');
  const results = await Promise.all(sent.map((s) => s.outcome));
  agent.destroy();
  const answered = results.filter((r) => r.status === 200 && r.body.data?.units?.totalCount === 17964).length;
  // every request was handed over before the signal: each is answered, none reset (the outcomes say what else came back)
  expect(results.filter((r) => !(r.status === 200 && r.body.data?.units?.totalCount === 17964)).map((r) => JSON.stringify(r).slice(0, 200))).toEqual([]);
  expect(['SIGTERM', 'code 0']).toContain(await exited);
   
  console.log(`shutdown: ${answered} of ${results.length} requests in flight answered, clean exit`);
}, 60_000);

it('lets the worker finish its active jobs on SIGTERM: none left half-done, none failed', async () => {
  const { spawnWorker, rollupQueue } = await import('../support/processes.js');
  const { RollupJob } = await import('@carenet/queue');
  const ids: { id: number }[] = await ctx.db.query(`SELECT id FROM admin_unit WHERE depth = 5 ORDER BY id LIMIT 300`);
  const queue = rollupQueue(ctx.config.redisUrl!, ctx.config.redisPrefix);
  try {
    await queue.addBulk(ids.map((u) => ({ name: RollupJob.UNIT_CHANGED, data: { unitId: u.id, period: '2026-10' }, opts: { jobId: `sigterm-${u.id}` } })));
    const worker = spawnWorker({ DATABASE_URL: ctx.config.databaseUrl!, REDIS_URL: ctx.config.redisUrl!, CARENET_REDIS_PREFIX: ctx.config.redisPrefix });
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    await waitUntil('the worker to complete six rollup jobs', async () => (await queue.getJobCounts('completed')).completed > 5);
    worker.kill('SIGTERM');
    await exited;
    const counts = await queue.getJobCounts('active', 'failed');
    // this test's jobs (the worker's own scheduled ones, such as the rollup sweep, may be there too)
    const own = async (state: 'completed' | 'waiting') => (await queue.getJobs([state], 0, -1)).filter((j) => String(j.id).startsWith('sigterm-')).length;
    Object.assign(counts, { completed: await own('completed'), waiting: await own('waiting') });
    expect(counts.active).toBe(0); // every job it had started, it finished
    expect(counts.failed).toBe(0);
    expect(counts.completed + counts.waiting).toBe(ids.length);
     
    console.log(`worker SIGTERM: ${counts.completed} jobs completed, ${counts.waiting} left waiting for the next worker, 0 active, 0 failed`);
  } finally {
    await queue.close();
  }
}, 60_000);
