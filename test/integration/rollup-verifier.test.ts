/**
 * The verifier finds each kind of wrong rollup, and its repair fixes exactly
 * that. Each case has a month of its own: reports are written straight into
 * the tables (approved, submitted, late, a draft), the rollups are kept by
 * the rollup jobs' own recompute, the verifier finds 0 differences; then the
 * case spoils one thing (a value, a row, a count, the tree) and the verifier
 * must find exactly the differences listed, repair them, and agree again with
 * the jobs' recompute run after the repair.
 */
import { RollupService } from '@carenet/rollup';
import { startTestContext, type TestContext } from '../support/test-context.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await startTestContext('guizhou');
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const TOWNSHIP_A = '520102016000'; // under 南明区 520102
const TOWNSHIP_B = '520103019000'; // under 云岩区 520103

interface Unit {
  id: number;
  code: string;
  parentId: number;
}

async function unit(code: string, depth: number): Promise<Unit> {
  const [u] = await ctx.db.query(`SELECT id, code, parent_id AS "parentId" FROM admin_unit WHERE code = $1 AND depth = $2 AND valid_to IS NULL`, [code, depth]);
  return u;
}

async function villagesOf(township: string): Promise<Unit[]> {
  const t = await unit(township, 4);
  return ctx.db.query(`SELECT id, code, parent_id AS "parentId" FROM admin_unit WHERE parent_id = $1 AND valid_to IS NULL ORDER BY code`, [t.id]);
}

/** A report as the workflow leaves it, with its values, written directly. */
async function report(unitId: number, period: string, status: string, values: Record<string, number>, late = false) {
  const [{ id }] = await ctx.db.query(
    `INSERT INTO report (unit_id, period, status, version, submitted_at, approved_at, late)
     VALUES ($1, $2::date, $3::report_status, 3, CASE WHEN $3::report_status <> 'DRAFT' THEN now() END, CASE WHEN $3::report_status = 'APPROVED' THEN now() END, $4) RETURNING id`,
    [unitId, `${period}-01`, status, late],
  );
  for (const [indicator, value] of Object.entries(values)) await ctx.db.query(`INSERT INTO report_value (report_id, indicator, value) VALUES ($1, $2, $3)`, [id, indicator, value]);
}

/** Three villages in each of two townships of two counties, the township A's own report, and the rollups kept by the jobs' recompute. */
async function month(period: string) {
  const a = await villagesOf(TOWNSHIP_A);
  const b = await villagesOf(TOWNSHIP_B);
  await report(a[0]!.id, period, 'APPROVED', { HOME_VISITS: 11, LEFT_BEHIND_CHILDREN: 3 });
  await report(a[1]!.id, period, 'SUBMITTED', { HOME_VISITS: 7, CHILD_HOMES: 1 }, true);
  await report(a[2]!.id, period, 'DRAFT', { HOME_VISITS: 100 });
  await report(b[0]!.id, period, 'APPROVED', { HOME_VISITS: 5, LEFT_BEHIND_CHILDREN: 2 });
  await report(b[1]!.id, period, 'APPROVED', { HOME_VISITS: 4 }, true);
  await report((await unit(TOWNSHIP_A, 4)).id, period, 'APPROVED', { CHILD_SUPERVISORS: 2 });
  await keep(period, [a[0]!, a[1]!, a[2]!, b[0]!, b[1]!, await unit(TOWNSHIP_A, 4)]);
  return { a, b };
}

/** The rollup jobs' own recompute of each unit and its ancestors. */
async function keep(period: string, units: { id: number }[]) {
  for (const u of units) await ctx.app.get(RollupService).applyUnitChange(u.id, period);
}

async function verify(period: string, repair = false) {
  return ctx.app.get(RollupService).verify({ period, provinceCode: '52', repair, limit: 1000 });
}

const found = (d: { unitCode: string; basis: string; indicator: string; expected: unknown; actual: unknown }) =>
  `${d.unitCode} ${d.basis} ${d.indicator} ${d.expected === null ? '-' : Number(d.expected)} ${d.actual === null ? '-' : Number(d.actual)}`;

interface Case {
  name: string;
  period: string;
  /** Spoils the month; the differences the verifier must then find ("code basis indicator expected actual", '-' for none). */
  spoil(m: { a: Unit[]; b: Unit[] }, period: string): Promise<string[]>;
  /** Units whose jobs run again after the repair (they must change nothing). */
  rerun?(m: { a: Unit[]; b: Unit[] }): Promise<{ id: number }[]>;
}

const CASES: Case[] = [
  {
    name: 'a tampered value',
    period: '2026-01',
    async spoil(_m, period) {
      await ctx.db.query(
        `UPDATE rollup_value SET value = value + 1 WHERE unit_id = (SELECT id FROM admin_unit WHERE code = '520102000000' AND depth = 3) AND period = $1::date AND basis = 'APPROVED' AND indicator = 'HOME_VISITS'`,
        [`${period}-01`],
      );
      return ['520102000000 APPROVED HOME_VISITS 11 12'];
    },
  },
  {
    name: 'a missing rollup row',
    period: '2026-02',
    async spoil(_m, period) {
      await ctx.db.query(`DELETE FROM rollup_value WHERE unit_id = (SELECT id FROM admin_unit WHERE code = '520100000000' AND depth = 2) AND period = $1::date AND basis = 'PROVISIONAL' AND indicator = 'CHILD_HOMES'`, [
        `${period}-01`,
      ]);
      return ['520100000000 PROVISIONAL CHILD_HOMES 1 -'];
    },
  },
  {
    name: 'an extra rollup row',
    period: '2026-03',
    async spoil({ a }, period) {
      // the draft's village: nothing of it counts
      await ctx.db.query(`INSERT INTO rollup_value (unit_id, period, basis, indicator, value) VALUES ($1, $2::date, 'APPROVED', 'HOME_VISITS', 100)`, [a[2]!.id, `${period}-01`]);
      return [`${a[2]!.code} APPROVED HOME_VISITS - 100`];
    },
  },
  {
    name: 'a wrong completeness count',
    period: '2026-04',
    async spoil(_m, period) {
      await ctx.db.query(`UPDATE rollup_completeness SET on_time = on_time + 2 WHERE unit_id = (SELECT id FROM admin_unit WHERE code = '520000000000' AND depth = 1) AND period = $1::date`, [
        `${period}-01`,
      ]);
      // the province: A's village and township on time, B's first village on time
      return ['520000000000 COMPLETENESS onTime 3 5'];
    },
  },
  {
    name: 'a village retired from this month on',
    period: '2026-05',
    async spoil({ a }, period) {
      // the fourth village of A has no report; from this month it no longer exists
      const [{ prev }] = await ctx.db.query(`SELECT to_char($1::date - interval '1 month', 'YYYY-MM-DD') AS prev`, [`${period}-01`]);
      await ctx.db.query(`UPDATE admin_unit SET valid_to = $2::date WHERE id = $1`, [a[3]!.id, prev]);
      const expected: { code: string; n: number }[] = await ctx.db.query(
        `SELECT p.code, rc.expected - 1 AS n FROM admin_unit p JOIN rollup_completeness rc ON rc.unit_id = p.id AND rc.period = $2::date
          WHERE p.id = ANY(string_to_array((SELECT path::text FROM admin_unit WHERE id = $1), '.')::int[]) AND p.id <> $1 ORDER BY p.depth`,
        [a[3]!.id, `${period}-01`],
      );
      expect(expected).toHaveLength(4);
      return expected.map((e) => `${e.code} COMPLETENESS expected ${e.n} ${e.n + 1}`);
    },
  },
  {
    name: 'a village moved to another county from this month on',
    period: '2026-06',
    async spoil({ a }, period) {
      // A's approved village is retired and a new row under township B takes its place, with its report
      const moved = a[0]!;
      const [{ prev }] = await ctx.db.query(`SELECT to_char($1::date - interval '1 month', 'YYYY-MM-DD') AS prev`, [`${period}-01`]);
      const townshipB = await unit(TOWNSHIP_B, 4);
      await ctx.db.query(`UPDATE admin_unit SET valid_to = $2::date WHERE id = $1`, [moved.id, prev]);
      const [{ id }] = await ctx.db.query(
        `WITH n AS (SELECT nextval(pg_get_serial_sequence('admin_unit', 'id'))::int AS id)
         INSERT INTO admin_unit (id, code, name, level, depth, parent_id, path, valid_from) OVERRIDING SYSTEM VALUE
         SELECT n.id, v.code, v.name, v.level, v.depth, t.id, t.path || n.id::text, $3::date
           FROM n, admin_unit v, admin_unit t WHERE v.id = $1 AND t.id = $2 RETURNING id`,
        [moved.id, townshipB.id, `${period}-01`],
      );
      await ctx.db.query(`UPDATE admin_unit SET replaced_by_id = $2 WHERE id = $1`, [moved.id, id]);
      await ctx.db.query(`UPDATE report SET unit_id = $2 WHERE unit_id = $1 AND period >= $3::date`, [moved.id, id, `${period}-01`]);
      const diffs: string[] = [];
      for (const basis of ['APPROVED', 'PROVISIONAL']) {
        // the old row keeps rollups it should not have; the new row has none; A and its county lose the figures, B and its county gain them
        diffs.push(`${moved.code} ${basis} HOME_VISITS - 11`, `${moved.code} ${basis} LEFT_BEHIND_CHILDREN - 3`);
        diffs.push(`${moved.code} ${basis} HOME_VISITS 11 -`, `${moved.code} ${basis} LEFT_BEHIND_CHILDREN 3 -`);
        diffs.push(`520102000000 ${basis} HOME_VISITS ${basis === 'APPROVED' ? '- 11' : '7 18'}`, `520102000000 ${basis} LEFT_BEHIND_CHILDREN - 3`);
        diffs.push(`${TOWNSHIP_A} ${basis} HOME_VISITS ${basis === 'APPROVED' ? '- 11' : '7 18'}`, `${TOWNSHIP_A} ${basis} LEFT_BEHIND_CHILDREN - 3`);
        diffs.push(`520103000000 ${basis} HOME_VISITS 20 9`, `520103000000 ${basis} LEFT_BEHIND_CHILDREN 5 2`);
        diffs.push(`${TOWNSHIP_B} ${basis} HOME_VISITS 20 9`, `${TOWNSHIP_B} ${basis} LEFT_BEHIND_CHILDREN 5 2`);
      }
      // counts: A lost a unit and an approved, on-time report; B and its county gained them
      for (const code of [TOWNSHIP_A, '520102000000']) {
        const [rc] = await ctx.db.query(`SELECT rc.* FROM rollup_completeness rc JOIN admin_unit u ON u.id = rc.unit_id WHERE u.code = $1 AND u.depth = $2 AND rc.period = $3::date`, [
          code,
          code === TOWNSHIP_A ? 4 : 3,
          `${period}-01`,
        ]);
        diffs.push(`${code} COMPLETENESS approved ${rc.approved - 1} ${rc.approved}`, `${code} COMPLETENESS expected ${rc.expected - 1} ${rc.expected}`);
        diffs.push(`${code} COMPLETENESS onTime ${rc.on_time - 1} ${rc.on_time}`, `${code} COMPLETENESS submitted ${rc.submitted - 1} ${rc.submitted}`);
      }
      for (const code of [TOWNSHIP_B, '520103000000']) {
        const [rc] = await ctx.db.query(`SELECT rc.* FROM rollup_completeness rc JOIN admin_unit u ON u.id = rc.unit_id WHERE u.code = $1 AND u.depth = $2 AND rc.period = $3::date`, [
          code,
          code === TOWNSHIP_B ? 4 : 3,
          `${period}-01`,
        ]);
        diffs.push(`${code} COMPLETENESS approved ${rc.approved + 1} ${rc.approved}`, `${code} COMPLETENESS expected ${rc.expected + 1} ${rc.expected}`);
        diffs.push(`${code} COMPLETENESS onTime ${rc.on_time + 1} ${rc.on_time}`, `${code} COMPLETENESS submitted ${rc.submitted + 1} ${rc.submitted}`);
      }
      // the new row has no completeness kept: a missing row reads as its subtree expected and nothing handed in
      diffs.push(`${moved.code} COMPLETENESS approved 1 0`, `${moved.code} COMPLETENESS onTime 1 0`, `${moved.code} COMPLETENESS submitted 1 0`);
      return diffs;
    },
    async rerun({ a, b }) {
      const moved = (await ctx.db.query(`SELECT id FROM admin_unit WHERE code = $1 AND depth = 5 AND valid_to IS NULL`, [a[0]!.code])) as { id: number }[];
      return [...moved, a[0]!, a[1]!, b[0]!];
    },
  },
];

describe.each(CASES)('the verifier finds and repairs $name', (c) => {
  it('finds exactly that, repairs it, and then agrees with the jobs’ recompute', async () => {
    const m = await month(c.period);
    expect(await verify(c.period)).toMatchObject({ differences: 0 });
    const spoiled = await c.spoil(m, c.period);
    const before = await verify(c.period, true);
    expect(before.sample.map(found).sort()).toEqual([...spoiled].sort());
    expect(before).toMatchObject({ differences: spoiled.length, repaired: true });
    expect(await verify(c.period)).toMatchObject({ differences: 0 });
    // the repaired rollups are the ones the jobs keep: recomputing again changes nothing the verifier sees
    await keep(c.period, (await c.rerun?.(m)) ?? [...m.a.slice(0, 3), ...m.b.slice(0, 2)]);
    expect(await verify(c.period)).toMatchObject({ differences: 0 });
  });
});
