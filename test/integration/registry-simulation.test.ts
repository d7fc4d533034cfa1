/**
 * A simulated registry for one county (南明区 520102): shaped like the
 * programme, and the counts kept for the month equal a recompute from the
 * files for every unit of the tree, and the counts counted on demand.
 */
import { Role, type Actor } from '@carenet/core';
import { RegistryCountsService, RegistrySimulationService } from '@carenet/registry';
import { startTestContext, type TestContext } from '../support/test-context.js';

const PERIOD = '2026-10';
let ctx: TestContext;

beforeAll(async () => {
  ctx = await startTestContext('guizhou');
});
afterAll(async () => {
  await ctx?.close();
});

it('creates a programme-shaped registry whose kept counts equal the files at every unit', async () => {
  const { files } = await ctx.app.get(RegistrySimulationService).generate({ unitCode: '520102', period: PERIOD, perVillage: 30, seed: 7 });
  const [{ villages }] = await ctx.db.query(`SELECT count(*)::int AS villages FROM admin_unit WHERE code LIKE '520102%' AND depth = 5`);
  expect(files).toBeGreaterThan(villages * 15);
  expect(files).toBeLessThan(villages * 45);
  const grades = Object.fromEntries(
    (await ctx.db.query(`SELECT grade, count(*)::int AS n FROM child_grade GROUP BY grade`)).map((r: { grade: string; n: number }) => [r.grade, r.n / files]),
  );
  expect(grades.GREEN).toBeGreaterThan(0.5);
  expect(grades.YELLOW).toBeGreaterThan(0.2);
  expect(grades.RED).toBeLessThan(0.05);
  expect(grades.RED).toBeGreaterThan(0);

  const counts = ctx.app.get(RegistryCountsService);
  const actor: Actor = { kind: 'user', id: 0, name: 'test', roles: [Role.VIEWER], unitId: 1, unitPathIds: [1] };
  const onDemand = await counts.registryCounts(actor, '52', PERIOD);
  expect(onDemand.source).toBe('FILES');
  await counts.keepMonth(PERIOD);
  const kept = await counts.registryCounts(actor, '52', PERIOD);
  expect(kept.source).toBe('KEPT');
  expect(kept.values).toEqual(onDemand.values);
  const risk = kept.values.filter((v) => v.indicator.startsWith('RISK_')).reduce((s, v) => s + v.value, 0);
  expect(risk).toBe(files); // every simulated child is graded, and none has left
  expect(await counts.keptDifferences(PERIOD)).toEqual([]);
});
