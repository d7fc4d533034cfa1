import { expect, test, type Request } from '@playwright/test';
import { signIn, state } from './support';

const operationOf = (r: Request) => (r.postDataJSON() as { operationName?: string } | null)?.operationName ?? '?';

/**
 * The issue: the dashboard for a province fetches everything it shows in one GraphQL request. Counted
 * on a fresh load of the provincial dashboard (the session's own `Me` aside), and again over the
 * polling ticks that keep its totals current: one request per tick.
 */
test('the provincial dashboard fetches what it shows in one GraphQL request, and one per polling tick', async ({ browser }) => {
  const s = state();
  const at = `/dashboard/52/${s.period}`;
  const page = await signIn(browser, 'dashboard-official', at);
  const posts: { op: string; at: number }[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/graphql') posts.push({ op: operationOf(r), at: Date.now() });
  });
  await page.goto(at);
  await expect(page.getByRole('heading', { name: new RegExp(`统计看板 · 贵州省 · ${s.period}`) })).toBeVisible();
  await expect(page.getByRole('group', { name: '农村留守儿童' })).toBeVisible();
  await expect(page.getByText(/全省报表/)).toBeVisible(); // the province's part, from the same request
  const forDashboard = () => posts.filter((p) => p.op !== 'Me');
  expect(forDashboard().map((p) => p.op)).toEqual(['Dashboard']);
  expect(posts.filter((p) => p.op === 'Me')).toHaveLength(1);

  // the totals refresh every 3 s: each tick is again exactly one request
  await expect.poll(() => forDashboard().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await expect.poll(() => forDashboard().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  const ticks = forDashboard();
  expect(ticks.every((p) => p.op === 'Dashboard')).toBe(true);
  // one request per tick, not several: consecutive requests are a polling interval apart
  for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.at - ticks[i - 1]!.at).toBeGreaterThan(2_000);
  await page.context().close();
});
