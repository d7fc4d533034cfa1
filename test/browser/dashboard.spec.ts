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
  expect(posts.filter((p) => p.op === 'Me')).toHaveLength(1);
  expect(forDashboard()[0]?.op).toBe('Dashboard');

  // the totals refresh every 3 s (on a busy machine a tick may come before the page is drawn): the load
  // and each tick are one Dashboard request each, a polling interval apart, and nothing else
  await expect.poll(() => forDashboard().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  const requests = forDashboard();
  expect(requests.map((p) => p.op)).toEqual(requests.map(() => 'Dashboard'));
  for (let i = 1; i < requests.length; i++) expect(requests[i]!.at - requests[i - 1]!.at).toBeGreaterThan(2_000);
  await page.context().close();
});
