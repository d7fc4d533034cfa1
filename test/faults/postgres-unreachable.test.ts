/**
 * Postgres unreachable: requests answer UNAVAILABLE within seconds (not a
 * hang), /health says Postgres is down, and the API recovers by itself when
 * Postgres is back. The test reaches Postgres through a TCP proxy of its own,
 * which it cuts and restores (the machine's Postgres is shared).
 */
import net from 'node:net';
import request from 'supertest';
import { Role } from '@carenet/core';
import { freePort } from '../support/processes.js';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-database.js';
import { waitUntil } from '../support/wait.js';

class Proxy {
  private server?: net.Server;
  private sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}
  start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
  }
  /** Postgres "goes away": every connection is cut and no new one is accepted. */
  stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

let api: TestApi;
let proxy: Proxy;
let drop: () => Promise<void>;
afterAll(async () => {
  await api?.close().catch(() => undefined);
  await proxy?.stop().catch(() => undefined);
  await drop?.();
});

it('answers UNAVAILABLE quickly while Postgres is away, says so on /health, and recovers by itself', async () => {
  const db = await createTestDatabase('guizhou');
  drop = db.drop;
  const direct = new URL(db.url);
  proxy = new Proxy(await freePort(), { host: direct.hostname, port: Number(direct.port || 5432) });
  await proxy.start();
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  api = await startTestApi({ tree: 'guizhou', env: { DATABASE_URL: viaProxy.toString() } });
  // startTestApi made its own database; this test's API uses the proxied one instead
  const token = await api.tokenFor([Role.VIEWER], '52');
  expect((await api.gql('{ unit(code: "52") { name } }', {}, token)).data.unit.name).toBe('贵州省');

  await proxy.stop();
  const started = Date.now();
  const res = await api.gql('{ unit(code: "52") { name } }', {}, token);
  const took = Date.now() - started;
  expect(res.errors![0]!.extensions.code).toBe('UNAVAILABLE');
  expect(took).toBeLessThan(10_000);
  const health = await request(api.app.getHttpServer()).get('/health');
  expect(health.status).toBe(503);
  expect(health.body.error.postgres.status).toBe('down');

  await proxy.start();
  await waitUntil('the API to answer from Postgres again', async () => (await api.gql('{ unit(code: "52") { name } }', {}, token)).data?.unit?.name === '贵州省', { everyMs: 200 });
  expect((await request(api.app.getHttpServer()).get('/health')).body.info.postgres.status).toBe('up');
   
  console.log(`postgres unreachable: UNAVAILABLE after ${took} ms, /health 503 (postgres down), recovered by itself`);
}, 60_000);
