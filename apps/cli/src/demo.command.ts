import { addMonths, currentPeriod, loadConfig, Role } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { DivisionImportService } from '@carenet/admin-tree';
import { RegistryCountsService, RegistrySimulationService } from '@carenet/registry';
import { SimulationService } from '@carenet/simulation';
import { DataSource } from 'typeorm';
import { createCliContext } from './cli.module.js';
import { prepareDatabase, say } from './services.js';
import { runCarenet } from './start.command.js';

export const DEMO_DATABASE = 'carenet_demo';
export const DEMO_PASSWORD = 'carenet demo 2026';

export const DEMO_HELP = `npm run demo — carenet with a demonstration, on a database of its own

Builds a database named ${DEMO_DATABASE} — beside the real one, which it never
touches — holding Guizhou's real tree, a child registry with files in every
village, one user per role, and twelve months of programme-shaped figures
pushed through the real workflow (village to province, each level approving
the one below); prints the users' names and the password, and runs carenet on
it as npm start does. The last ended month is built before carenet starts
(a few minutes); the eleven before it follow while it runs (a few minutes
each), so the time series fills in as they come. A later run goes on where
the last one stopped. Its Redis keys have a prefix of their own
(carenet-demo).

Options:
  --months N        months to simulate, ending with the last ended one (default 12)
  --per-village N   mean children's files per village (default 6)
  --rebuild         drop the demonstration database first
  --no-start        build everything here, print the users, and stop`;

/** The demonstration's users: one per role, where each shows the most. */
export const DEMO_USERS = [
  { username: 'demo.admin', roles: [Role.ADMIN], unit: '52', what: '省级管理员 (users, catalogue, tree)' },
  { username: 'demo.province', roles: [Role.APPROVER], unit: '52', what: '省级审批 (approves the cities, provincial report)' },
  { username: 'demo.viewer', roles: [Role.VIEWER], unit: '52', what: '省级查看 (dashboard)' },
  { username: 'demo.county', roles: [Role.CLERK, Role.APPROVER], unit: '520102', what: '县级填报+审批 (南明区: entry, inbox, children’s files)' },
  { username: 'demo.county.admin', roles: [Role.ADMIN], unit: '520102', what: '县级管理员 (the files’ export)' },
  { username: 'demo.village', roles: [Role.CLERK], unit: 'VILLAGE', what: '村级填报 (a village of 南明区)' },
] as const;

export async function demoCommand(argv: string[]): Promise<void> {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    args: argv,
    options: { months: { type: 'string' }, 'per-village': { type: 'string' }, rebuild: { type: 'boolean' }, 'no-start': { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return void say(DEMO_HELP);
  const months = Number(values.months ?? 12);
  const perVillage = Number(values['per-village'] ?? 6);
  if (!Number.isInteger(months) || months < 1 || months > 36) throw new Error(`--months: a whole number from 1 to 36, got '${values.months}'`);
  if (!Number.isInteger(perVillage) || perVillage < 0 || perVillage > 100) throw new Error(`--per-village: a whole number from 0 to 100, got '${values['per-village']}'`);

  const started = Date.now();
  const base = loadConfig();
  // the server of the real database, never the database itself; its own Redis keys
  const config = { ...base, databaseUrl: base.databaseUrl ? withDatabase(base.databaseUrl, DEMO_DATABASE) : undefined, redisPrefix: 'carenet-demo' };
  if (values.rebuild) await dropDemo(config.databaseUrl, base);
  const pg = await prepareDatabase(config, { migrate: true, database: DEMO_DATABASE });
  const last = addMonths(currentPeriod(new Date()), -1);
  // the last ended month first (the screens open on it), then back in time
  const periods = Array.from({ length: months }, (_, i) => addMonths(last, -i));

  const app = await createCliContext({ ...config, databaseUrl: pg.url, logLevel: 'error' });
  try {
    const db = app.get(DataSource);
    const [{ built }] = await db.query(`SELECT EXISTS (SELECT 1 FROM app_user WHERE username = 'demo.admin') AS built`);
    if (!built) {
      await step("loading Guizhou's tree", async () => {
        const r = await app.get(DivisionImportService).importDivisions({ province: '52', actor: 'demo' });
        return `${r.levels.reduce((n, l) => n + l.inSource, 0).toLocaleString('en')} units`;
      });
      const [files] = await db.query(`SELECT 1 FROM child LIMIT 1`);
      if (!files) await step('creating the children’s files', async () => {
        const r = await app.get(RegistrySimulationService).generate({ unitCode: '52', period: last, perVillage, seed: 1 });
        const k = await app.get(RegistryCountsService).keepMonth(last);
        return `${r.files.toLocaleString('en')} files, ${k.rows.toLocaleString('en')} counts kept for ${last}`;
      });
      await simulateMonth(app, periods[0]!, 1, months);
      await step('creating one user per role', async () => {
        const [village] = await db.query(`SELECT code FROM admin_unit WHERE depth = 5 AND code LIKE '520102%' ORDER BY code LIMIT 1`);
        for (const u of DEMO_USERS) {
          await app.get(AuthService).createUser('system', { username: u.username, password: DEMO_PASSWORD, roles: [...u.roles], unitCode: u.unit === 'VILLAGE' ? village.code : u.unit });
        }
      });
      say(`demo: ready to open in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await app.close();
  }
  const users = DEMO_USERS.map((u) => `  ${u.username.padEnd(20)} ${u.roles.join('+').padEnd(16)} ${u.what}`).join('\n');
  say(`\nThe demonstration's users (password for all: ${DEMO_PASSWORD}):\n${users}\n`);

  if (!values['no-start']) {
    await runCarenet(config, pg, {
      env: { CARENET_REDIS_PREFIX: config.redisPrefix },
      upNote: `this is the DEMONSTRATION (database ${DEMO_DATABASE}); sign in as demo.admin, password: ${DEMO_PASSWORD}`,
    });
  }
  // the earlier months while carenet runs (a month is a few minutes): the time series fills in as they come; a later run goes on where this one stopped
  const more = await createCliContext({ ...config, databaseUrl: pg.url, logLevel: 'error' });
  try {
    for (const [i, period] of periods.entries()) await simulateMonth(more, period, i + 1, months);
    say(`demo: all ${months} months are through the workflow (${((Date.now() - started) / 1000).toFixed(0)} s since the start)`);
  } finally {
    await more.close();
  }
  if (values['no-start']) await pg.stop();
}

async function step(what: string, work: () => Promise<string | void>): Promise<void> {
  const t = Date.now();
  say(`demo: ${what}…`);
  const note = await work();
  say(`demo: ${what}: done in ${((Date.now() - t) / 1000).toFixed(1)} s${note ? ` (${note})` : ''}`);
}

/** One month of Guizhou through the real workflow, unless the province's report of it is approved already. */
async function simulateMonth(app: Awaited<ReturnType<typeof createCliContext>>, period: string, n: number, of: number): Promise<void> {
  const [done] = await app.get(DataSource).query(
    `SELECT 1 FROM report r JOIN admin_unit u ON u.id = r.unit_id AND u.depth = 1 AND u.code = '520000000000' WHERE r.period = $1::date AND r.status = 'APPROVED'`,
    [`${period}-01`],
  );
  if (done) return;
  await step(`simulating ${period} (${n} of ${of}) through the workflow, village to province`, async () => {
    const r = await app.get(SimulationService).run({ province: '52', period, until: 'APPROVED', seed: n, concurrency: 6 });
    if (r.failures.length) say(`demo: ${r.failures.length} units of ${period} did not go through, e.g. ${r.failures[0]!.unitCode}: ${r.failures[0]!.message.slice(0, 200)}`);
    const approvals = r.phases.filter((p) => p.phase.startsWith('approve')).reduce((s, p) => s + p.units - p.failed, 0);
    return `${approvals.toLocaleString('en')} reports approved from the villages up; the worker rolls them up`;
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function dropDemo(configured: string | undefined, base: ReturnType<typeof loadConfig>): Promise<void> {
  const pg = await prepareDatabase({ ...base, databaseUrl: configured ? withDatabase(configured, 'postgres') : undefined }, { migrate: false, database: 'postgres' });
  const { default: Pg } = await import('pg');
  const client = new Pg.Client({ connectionString: pg.url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${DEMO_DATABASE} WITH (FORCE)`);
    say(`demo: dropped ${DEMO_DATABASE}`);
  } finally {
    await client.end();
    await pg.stop();
  }
}
