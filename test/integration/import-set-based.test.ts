/**
 * A county's file is saved set-based, and what it leaves is what saving its
 * rows one by one leaves: the same reports and versions, values, audit rows,
 * outbox rows, per-row outcomes and row keys. Two months of the same villages
 * stand for two fresh copies: one gets the file, the other the same figures
 * saved one at a time in file order; everything is compared but ids, times
 * and the month. A clerk saving a village while the file is written gets a
 * version conflict or wins cleanly; nothing is lost.
 */
import { Role, type Actor } from '@carenet/core';
import { AdminTreeService } from '@carenet/admin-tree';
import { AuthService } from '@carenet/auth';
import { ReportImportService, ReportsService, type ImportMode } from '@carenet/reporting';
import { startTestContext, type TestContext } from '../support/test-context.js';
import { waitUntil } from '../support/wait.js';

const FILE_MONTH = '2026-07';
const ONE_BY_ONE = '2026-08';
let ctx: TestContext;
let clerk: Actor;
let otherClerk: Actor;
let approver: Actor;
let villages: string[];

beforeAll(async () => {
  ctx = await startTestContext('guizhou');
  const auth = ctx.app.get(AuthService);
  const actor = async (name: string, role: Role, unitCode: string) => {
    await auth.createUser('system', { username: name, password: 'a long password', roles: [role], unitCode });
    return (await auth.actorOf(name))!;
  };
  clerk = await actor('files.clerk', Role.CLERK, '520102');
  otherClerk = await actor('files.village-clerk', Role.CLERK, '520102');
  approver = await actor('files.approver', Role.APPROVER, '52');
  villages = (await ctx.db.query(`SELECT u.code FROM admin_unit u JOIN admin_unit c ON c.depth = 3 AND c.code = '520102000000' AND u.path <@ c.path WHERE u.depth = 5 ORDER BY u.code LIMIT 40`)).map(
    (r: { code: string }) => r.code,
  );
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

/** The same starting point in a month: drafts by another clerk, a returned report, a submitted one (which a save may not change). */
async function prepare(period: string): Promise<void> {
  const reports = ctx.app.get(ReportsService);
  for (const code of villages.slice(0, 5)) {
    await reports.saveReport(otherClerk, { unitCode: code, period, values: [{ indicator: 'HOME_VISITS', value: 1 }, { indicator: 'CHILD_HOMES', value: 1 }], expectedVersion: 0 });
  }
  for (const code of villages.slice(5, 7)) {
    await reports.saveReport(otherClerk, { unitCode: code, period, values: [{ indicator: 'HOME_VISITS', value: 2 }], expectedVersion: 0 });
    await reports.submitReport(otherClerk, { unitCode: code, period, expectedVersion: 1 });
  }
  await reports.returnReport(approver, { unitCode: villages[5]!, period, expectedVersion: 2, reasonCode: 'WRONG_FIGURES', comment: 'check the visits' });
}

/** The file's rows: every village, with and without some figures. */
function fileRows(): { code: string; values: { indicator: string; value: number }[] }[] {
  const rows = villages.map((code, i) => ({
    code,
    values: [
      { indicator: 'LEFT_BEHIND_CHILDREN', value: (i * 7) % 23 },
      { indicator: 'HOME_VISITS', value: (i * 3) % 11 },
      ...(i % 3 === 0 ? [] : [{ indicator: 'CHILD_HOMES', value: i % 2 }]),
    ],
  }));
  return rows;
}

function csvOf(rows: ReturnType<typeof fileRows>): string {
  const indicators = ['LEFT_BEHIND_CHILDREN', 'HOME_VISITS', 'CHILD_HOMES'];
  return [['unitCode', ...indicators].join(','), ...rows.map((r) => [r.code, ...indicators.map((i) => r.values.find((v) => v.indicator === i)?.value ?? '')].join(','))].join('\n');
}

async function importFile(period: string, mode: ImportMode, rows = fileRows(), rowKey?: (row: number) => string) {
  return ctx.app.get(ReportImportService).importFile(clerk, { parentCode: '520102', period, format: 'CSV', mode }, Buffer.from(csvOf(rows)), rowKey ? { rowKey } : {});
}

/** Reports, values, audit and outbox rows of the month, without ids, times or the month itself. */
async function state(period: string) {
  const date = `${period}-01`;
  const reports = await ctx.db.query(
    `SELECT u.code, r.status, r.version, r.editor_ids, r.saved_by, r.submitted_by, r.approved_by, r.late, r.warnings, r.explanations,
            r.return_reason, r.return_comment, r.exempt_reason, r.approved_values, (r.saved_at IS NULL) AS never_saved,
            (SELECT json_agg(json_build_object('i', v.indicator, 'v', v.value) ORDER BY v.indicator) FROM report_value v WHERE v.report_id = r.id) AS values
       FROM report r JOIN admin_unit u ON u.id = r.unit_id WHERE r.period = $1 ORDER BY u.code`,
    [date],
  );
  const audit = await ctx.db.query(
    `SELECT u.code, a.actor_id, a.actor, a.action, a.reason, a.version, a.before, a.after
       FROM report_audit a JOIN report r ON r.id = a.report_id JOIN admin_unit u ON u.id = r.unit_id WHERE r.period = $1 ORDER BY u.code, a.id`,
    [date],
  );
  const outbox = await ctx.db.query(`SELECT topic, payload - 'period' AS payload FROM outbox WHERE payload->>'period' = $1 ORDER BY id`, [period]);
  return { reports, audit, outbox };
}

it('leaves exactly what saving the rows one by one leaves, and a repeated run saves nothing twice', async () => {
  await prepare(FILE_MONTH);
  await prepare(ONE_BY_ONE);
  const rows = fileRows();

  const keys = (row: number) => `files-test:${row}`;
  const imported = await importFile(FILE_MONTH, 'VALID_ROWS', rows, keys);

  // the reference: each row saved on its own, as a clerk would, at the version it reads just before
  const reports = ctx.app.get(ReportsService);
  const tree = ctx.app.get(AdminTreeService);
  const single: { outcome: string; rule?: string }[] = [];
  for (const r of rows) {
    const unit = (await tree.findUnit(r.code, ONE_BY_ONE))!;
    const [current] = await ctx.db.query(`SELECT version FROM report WHERE unit_id = $1 AND period = $2`, [unit.id, `${ONE_BY_ONE}-01`]);
    try {
      await reports.saveReport(clerk, { unitCode: r.code, period: ONE_BY_ONE, values: r.values, expectedVersion: current?.version ?? 0 });
      single.push({ outcome: 'SAVED' });
    } catch (e) {
      single.push({ outcome: 'FAILED', rule: (e as { reason?: string }).reason });
    }
  }
  expect(imported.rows.map((r) => ({ outcome: r.outcome, rule: r.issues[0]?.rule }))).toEqual(single);
  expect(single.filter((s) => s.outcome === 'FAILED')).toEqual([{ outcome: 'FAILED', rule: 'INVALID_TRANSITION' }]);

  const fromFile = await state(FILE_MONTH);
  const oneByOne = await state(ONE_BY_ONE);
  expect(fromFile.reports.length).toBe(villages.length);
  expect(fromFile.reports).toEqual(oneByOne.reports);
  expect(fromFile.audit).toEqual(oneByOne.audit);
  expect(fromFile.outbox).toEqual(oneByOne.outbox);
  expect(fromFile.reports.find((r: { code: string }) => r.code === villages[1])).toMatchObject({ version: 2 });

  // the row keys: one per saved row; the refused row's key is not kept
  const [{ n }] = await ctx.db.query(`SELECT count(*)::int AS n FROM idempotency_key WHERE key LIKE 'files-test:%'`);
  expect(n).toBe(rows.length - 1);
  // the same run again (its worker died after the commit): nothing saved twice, the refused row refused again
  const again = await importFile(FILE_MONTH, 'VALID_ROWS', rows, keys);
  expect(again.rows.map((r) => r.outcome)).toEqual(imported.rows.map((r) => r.outcome));
  expect(await state(FILE_MONTH)).toEqual(fromFile);
  // the same keys with other figures are refused, row by row
  const changed = rows.map((r) => ({ ...r, values: r.values.map((v) => ({ ...v, value: v.value + 1 })) }));
  const reused = await importFile(FILE_MONTH, 'VALID_ROWS', changed, keys);
  expect(reused.saved).toBe(0);
  expect(new Set(reused.rows.map((r) => r.issues[0]?.rule))).toEqual(new Set(['IDEMPOTENCY_KEY_REUSED', 'INVALID_TRANSITION']));
  expect(await state(FILE_MONTH)).toEqual(fromFile);
}, 300_000);

it('saves nothing of an all-or-nothing file with one refused row, and names that row', async () => {
  const period = '2026-06';
  await prepare(period);
  const before = await state(period);
  const result = await importFile(period, 'ALL_OR_NOTHING');
  expect(result.saved).toBe(0);
  expect(result.rows.filter((r) => r.outcome === 'FAILED').map((r) => [r.unitCode, r.issues[0]!.rule])).toEqual([[villages[6], 'INVALID_TRANSITION']]);
  expect(result.rows.filter((r) => r.outcome === 'NOT_SAVED')).toHaveLength(villages.length - 1);
  expect(await state(period)).toEqual(before);
}, 300_000);

/** Runs `clerkSaves` in a transaction of its own that commits only once the import waits for it. */
async function whileImporting(period: string, clerkSaves: (m: import('typeorm').EntityManager) => Promise<void>) {
  const runner = ctx.db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await clerkSaves(runner.manager);
  const importing = importFile(period, 'VALID_ROWS');
  await waitUntil('the import to wait on the clerk\'s transaction', async () => {
    const [{ waiting }] = await ctx.db.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    return waiting > 0;
  });
  await runner.commitTransaction();
  await runner.release();
  return importing;
}

async function trail(code: string, period: string): Promise<{ version: number; actor: string; before: unknown; after: unknown }[]> {
  return ctx.db.query(
    `SELECT a.version, a.actor, a.before->'values' AS before, a.after->'values' AS after FROM report_audit a JOIN report r ON r.id = a.report_id JOIN admin_unit u ON u.id = r.unit_id
      WHERE u.code = $1 AND r.period = $2 ORDER BY a.id`,
    [code, `${period}-01`],
  );
}

it('a clerk saving a village while the file is written wins cleanly or gets a version conflict; nothing is lost', async () => {
  const reports = ctx.app.get(ReportsService);
  const tree = ctx.app.get(AdminTreeService);
  const unit = async (code: string, period: string) => (await tree.findUnit(code, period))!;
  const [existing, fresh] = [villages[10]!, villages[11]!];
  const figures = (value: number) => [{ indicator: 'HOME_VISITS', value }];

  // the clerk's saves hold a report the file also writes: the file waits, then replaces the clerk's figures, which its audit shows as "before"
  let period = '2026-05';
  await reports.saveReport(otherClerk, { unitCode: existing, period, values: figures(5), expectedVersion: 0 });
  let result = await whileImporting(period, async (m) => {
    await reports.saveIn(m, otherClerk, await unit(existing, period), period, figures(6), 1);
    await reports.saveIn(m, otherClerk, await unit(fresh, period), period, figures(7), 0);
  });
  expect(result.saved).toBe(villages.length);
  const fileFigures = (code: string) => fileRows().find((r) => r.code === code)!.values;
  expect((await trail(existing, period)).map((a) => [a.version, a.actor, a.before])).toEqual([
    [1, otherClerk.name, null],
    [2, otherClerk.name, figures(5)],
    [3, clerk.name, figures(6)],
  ]);
  expect((await trail(fresh, period)).map((a) => [a.version, a.actor, a.before])).toEqual([
    [1, otherClerk.name, null],
    [2, clerk.name, figures(7)],
  ]);
  expect((await trail(fresh, period))[1]!.after).toEqual(expect.arrayContaining(fileFigures(fresh)));
  // a clerk saving afterwards at the version read before the file: a conflict, not a lost update
  await expect(reports.saveReport(otherClerk, { unitCode: existing, period, values: figures(8), expectedVersion: 2 })).rejects.toMatchObject({ reason: 'VERSION_MISMATCH' });

  // the clerk creates a report the file would create: the file's row is a version conflict, the clerk's figures stay, the other rows are saved
  period = '2026-04';
  result = await whileImporting(period, async (m) => {
    await reports.saveIn(m, otherClerk, await unit(fresh, period), period, figures(7), 0);
  });
  expect(result.rows.filter((r) => r.outcome !== 'SAVED').map((r) => [r.unitCode, r.outcome, r.issues[0]?.rule])).toEqual([[fresh, 'FAILED', 'VERSION_MISMATCH']]);
  expect((await trail(fresh, period)).map((a) => [a.version, a.actor, a.after])).toEqual([[1, otherClerk.name, figures(7)]]);
  expect(result.saved).toBe(villages.length - 1);
}, 300_000);
