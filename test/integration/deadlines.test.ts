import http from 'node:http';
import { DeadlinesService } from '@carenet/reporting';
import { startTestContext, type TestContext } from '../support/test-context.js';

describe('overdue reports', () => {
  let ctx: TestContext;
  let server: http.Server;
  const received: { level: string; period: string; unitCodes: string[] }[] = [];
  beforeAll(async () => {
    // the receiver is on this machine: a host webhooks may not go to unless the operator allows it
    ctx = await startTestContext('guizhou', { CARENET_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    await ctx.db.query(`INSERT INTO reminder_webhook (province_code, level, url, valid_from) VALUES ('520000000000', 'COUNTY', $1, '2000-01-01')`, [`http://127.0.0.1:${port}/overdue`]);
  });
  afterAll(async () => {
    server?.close();
    await ctx?.close();
  });

  it('flags each unit once its level’s deadline has passed, tells the webhook, and does not flag it twice', async () => {
    const deadlines = ctx.app.get(DeadlinesService);
    // 9 November (Beijing): villages (5 days) and townships (8) are overdue for October; counties (10) are not yet
    const early = await deadlines.flagOverdue(new Date('2026-11-09T00:00:00Z'));
    const october = early.filter((n) => n.period === '2026-10');
    expect(october.map((n) => n.level).sort()).toEqual(['TOWNSHIP', 'VILLAGE']);
    expect(october.find((n) => n.level === 'VILLAGE')!.unitCodes).toHaveLength(17964);
    expect(received.filter((r) => r.period === '2026-10')).toHaveLength(0); // only counties have a webhook here

    // a county submitted on time is not flagged; the other 87 are, on 11 November
    await ctx.db.query(
      `INSERT INTO report (unit_id, period, status, version) SELECT id, '2026-10-01', 'SUBMITTED', 1 FROM admin_unit WHERE code = '520102000000' AND depth = 3`,
    );
    const later = await deadlines.flagOverdue(new Date('2026-11-11T00:00:00Z'));
    const counties = later.find((n) => n.period === '2026-10' && n.level === 'COUNTY')!;
    expect(counties.unitCodes).toHaveLength(87);
    expect(counties.unitCodes).not.toContain('520102000000');
    expect(later.find((n) => n.period === '2026-10' && n.level === 'VILLAGE')).toBeUndefined(); // flagged already
    const hook = received.filter((r) => r.period === '2026-10');
    expect(hook).toEqual([expect.objectContaining({ level: 'COUNTY', unitCodes: counties.unitCodes })]);

    expect(await deadlines.flagOverdue(new Date('2026-11-11T00:00:00Z'))).toEqual([]);
  });
});
