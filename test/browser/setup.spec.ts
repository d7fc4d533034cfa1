import { expect, test } from '@playwright/test';
import { screenshot, state } from './support';

const PASSWORD = 'kite harbor lantern 1987';

/**
 * The first ten minutes: a carenet on an empty database opens the first-run setup instead of the
 * sign-in; bad input is said at its field; the first administrator is created with two provinces,
 * the second loads in the background with progress, and going in signs them in. Afterwards the
 * setup is closed for good: a new visitor gets the sign-in page, and the API refuses a second setup.
 */
test('on an empty database the first-run setup creates the administrator and loads the provinces, once only', async ({ browser }) => {
  test.setTimeout(240_000); // two provinces of the real tree are loaded; CI has two cores
  const url = state().setupUrl!;
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '首次设置' })).toBeVisible();
  await expect(page.getByRole('button', { name: '登录', exact: true })).toHaveCount(0);

  await page.getByLabel('管理员用户名').fill('first.admin');
  await page.getByLabel('密码', { exact: true }).fill('short');
  await page.getByLabel('再次输入密码').fill('short');
  // typed, as on a phone: the list of 31 shows only what fits
  const provinces = page.getByLabel('要载入的省份');
  await provinces.click();
  await provinces.fill('宁夏');
  await page.locator('.ant-select-item-option').filter({ hasText: '宁夏回族自治区（64）' }).click();
  await provinces.fill('青海');
  await page.locator('.ant-select-item-option').filter({ hasText: '青海省（63）' }).click();
  await page.keyboard.press('Escape');
  await screenshot(page, 'setup');
  await page.getByRole('button', { name: '创建管理员并载入' }).click();
  // the policy's refusal, at the password field
  await expect(page.locator('#password_help, .ant-form-item-explain-error').filter({ hasText: 'password' }).first()).toBeVisible();

  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByLabel('再次输入密码').fill(PASSWORD);
  await page.getByRole('button', { name: '创建管理员并载入' }).click();
  await expect(page.getByText('宁夏回族自治区（64）')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('青海省（63）')).toBeVisible();
  await expect(page.getByText('全部省份已载入。')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByText('已载入', { exact: true })).toHaveCount(2);
  await screenshot(page, 'setup-progress');
  await page.getByRole('button', { name: '进入系统' }).click();
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  await expect(page.getByText('宁夏回族自治区').first()).toBeVisible();

  // closed for good: a new visitor is asked to sign in, and the API refuses another setup
  const stranger = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const other = await stranger.newPage();
  await other.goto('/');
  await expect(other.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  await expect(other.getByRole('heading', { name: '首次设置' })).toHaveCount(0);
  const again = await other.request.post(`${url}/graphql`, {
    data: { query: `mutation { setUp(input: { username: "second", password: "${PASSWORD}", provinces: ["52"] }) { token } }` },
  });
  expect((await again.json()).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SETUP_CLOSED' });
  await stranger.close();
  await context.close();
});
