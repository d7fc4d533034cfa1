/** GET /metrics: Prometheus text with request, error, queue, outbox, rollup-lag and pool figures. */
import request from 'supertest';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';

let api: TestApi;
let worker: TestWorker;

async function ok(token: string, query: string) {
  const res = await api.gql(query, {}, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** The value of one sample of the scrape (labels as written, e.g. `{queue="rollup"}`), or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function scrape(): Promise<string> {
  const res = await request(api.app.getHttpServer()).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return res.text;
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  worker = await startTestWorker({ databaseUrl: api.config.databaseUrl, redisPrefix: api.config.redisPrefix });
});
afterAll(async () => {
  await worker?.app.close();
  await api?.close();
});

describe('/metrics', () => {
  it('shows no rollup lag before any approval', async () => {
    const text = await scrape();
    expect(sample(text, 'carenet_rollup_lag_seconds')).toBe(0);
    expect(sample(text, 'carenet_outbox_lag_seconds')).toBe(0);
  });

  it('after an approval shows the approval→province rollup lag, operations, errors, queues and the pool', async () => {
    const clerk = await api.tokenFor([Role.CLERK], '520102');
    const approver = await api.tokenFor([Role.APPROVER], '520102');
    const d = await ok(clerk, `{ units(parentCode: "520102", first: 1) { edges { node { children(first: 1) { edges { node { code } } } } } } }`);
    const village = d.units.edges[0].node.children.edges[0].node.code;
    await ok(clerk, `mutation { saveReport(input: { unitCode: "${village}", period: "2026-10", values: [{ indicator: "HOME_VISITS", value: 3 }], expectedVersion: 0 }) { version } }`);
    await ok(clerk, `mutation { submitReport(input: { unitCode: "${village}", period: "2026-10", expectedVersion: 1 }) { version } }`);
    const before = Date.now();
    await ok(approver, `mutation { approveReport(input: { unitCode: "${village}", period: "2026-10", expectedVersion: 2 }) { version } }`);
    await worker.settle();
    const waited = (Date.now() - before) / 1000;
    expect((await api.gql(`{ unit(code: "5203") { name } }`, {}, clerk)).errors![0]!.extensions.code).toBe('NOT_FOUND');

    const text = await scrape();
    expect(sample(text, 'carenet_rollup_caught_up')).toBe(1);
    const lag = sample(text, 'carenet_rollup_lag_seconds')!;
    expect(lag).toBeGreaterThan(0);
    expect(lag).toBeLessThanOrEqual(waited + 1);
    expect(sample(text, 'carenet_graphql_requests_total', '{operation="mutation approveReport"}')).toBe(1);
    expect(sample(text, 'carenet_graphql_request_duration_seconds_count', '{operation="mutation saveReport"}')).toBe(1);
    expect(sample(text, 'carenet_graphql_errors_total', '{code="NOT_FOUND"}')).toBe(1);
    expect(sample(text, 'carenet_queue_jobs', '{queue="rollup",state="failed"}')).toBe(0);
    expect(sample(text, 'carenet_queue_oldest_job_age_seconds', '{queue="rollup"}')).toBe(0);
    expect(sample(text, 'carenet_outbox_pending')).toBe(0);
    expect(sample(text, 'carenet_db_pool_connections', '{state="total"}')).toBeGreaterThan(0);
    expect(sample(text, 'carenet_db_pool_connections', '{state="max"}')).toBeGreaterThan(0);
  });
});
