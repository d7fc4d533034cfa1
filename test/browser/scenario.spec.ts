import { expect, test } from '@playwright/test';
import { gql, login, shift } from './api';
import { PASSWORD } from './scenario-data';
import { screenshot, signIn, state } from './support';

/**
 * The story, through the browser: a village clerk enters the month, meets E3 at its field,
 * fixes it and submits with a W2 explanation; the township approver returns it; the clerk corrects
 * and resubmits; the approver approves; county, city and province approve up the chain; the
 * official's dashboard, open all along, shows the new provincial total without a reload.
 */
test('a village month from entry to the provincial total', async ({ browser }) => {
  test.setTimeout(300_000); // eight sign-ins and five approvals; CI has two cores
  const s = state();
  const unitPath = `/units/${s.village.code}/${s.period}`;

  // The official opens the provincial dashboard first and keeps it open.
  const official = await signIn(browser, 'official', `/dashboard/52/${s.period}`);
  await expect(official.getByRole('heading', { name: new RegExp(`统计看板 · 贵州省 · ${s.period}`) })).toBeVisible();
  const total = official.getByRole('group', { name: '农村留守儿童' });
  // the group holds the statistic's title and its value: the value is the whole text of its own element
  await expect(total.getByText('0', { exact: true })).toBeVisible();

  // The village clerk: straight to the month now due (the default), the form of the village's indicators.
  const clerk = await signIn(browser, 'village-clerk');
  await expect(clerk).toHaveURL(new RegExp(`${unitPath}$`));
  await expect(clerk.getByRole('heading', { name: new RegExp(s.village.name) })).toBeVisible();
  await clerk.getByRole('spinbutton', { name: '农村留守儿童', exact: true }).fill('40');
  await clerk.getByRole('spinbutton', { name: '农村留守儿童', exact: true }).press('Enter'); // Enter moves to the next field
  await expect(clerk.getByRole('spinbutton', { name: '困境儿童', exact: true })).toBeFocused();
  await clerk.getByRole('spinbutton', { name: '困境儿童', exact: true }).fill('2');
  await clerk.getByRole('spinbutton', { name: '风险等级 黄', exact: true }).fill('1000');
  await clerk.getByRole('spinbutton', { name: '走访', exact: true }).fill('1234');
  await clerk.getByRole('button', { name: '保存', exact: true }).click();
  // E3 at its fields, nothing saved
  await expect(clerk.getByText(/红、橙、黄、绿风险等级人数之和不得超过/).first()).toBeVisible();
  await expect(clerk.getByRole('spinbutton', { name: '走访', exact: true })).toHaveValue('1,234');
  await screenshot(clerk, 'entry-error');
  await clerk.getByRole('spinbutton', { name: '风险等级 黄', exact: true }).fill('5');
  await clerk.getByRole('button', { name: '保存', exact: true }).click();
  await expect(clerk.getByText('版本 1')).toBeVisible();
  // W2: 40 against six months of 12–13 asks for an explanation beside the warning on submit
  await clerk.getByRole('button', { name: '提交', exact: true }).click();
  const explanation = clerk.getByLabel(/情况说明：W2/).first();
  await expect(explanation).toBeVisible();
  await expect(clerk.getByRole('alert').filter({ hasText: '以下预警需填写情况说明' }).first()).toBeVisible();
  await expect(clerk.getByLabel(/情况说明：W2 .* — 走访/)).toBeVisible();
  for (const box of await clerk.getByLabel(/情况说明：W/).all()) await box.fill('本月外出务工人员增加，留守儿童随之增加');
  await screenshot(clerk, 'entry');
  await clerk.getByRole('button', { name: '提交', exact: true }).click();
  await expect(clerk.getByText('已提交').first()).toBeVisible();

  // The township approver returns it with a reason.
  const township = await signIn(browser, 'township-approver', `/inbox/${s.period}`);
  await expect(township.getByRole('link', { name: s.village.name })).toBeVisible();
  await screenshot(township, 'inbox');
  await township.getByRole('link', { name: s.village.name }).click();
  await township.getByRole('tab', { name: '批准' }).click();
  await expect(township.getByText(/本月外出务工人员增加/).first()).toBeVisible();
  await screenshot(township, 'approval');
  await township.getByRole('button', { name: '退回', exact: true }).first().click();
  await township.getByLabel('说明').fill('走访人次明显偏高，请核实');
  await township.getByRole('dialog').getByRole('button', { name: '退回', exact: true }).click();
  await expect(township.getByText('已退回').first()).toBeVisible();

  // The clerk sees why, corrects and resubmits.
  await clerk.reload();
  await expect(clerk.getByRole('alert').filter({ hasText: '数据有误' })).toContainText('走访人次明显偏高');
  await clerk.getByRole('spinbutton', { name: '走访', exact: true }).fill('34');
  await clerk.getByRole('button', { name: '提交', exact: true }).click();
  await expect(clerk.getByText('已提交').first()).toBeVisible();

  // The approver approves.
  await township.reload();
  await township.getByRole('tab', { name: '批准' }).click();
  await township.getByRole('button', { name: '批准', exact: true }).last().click();
  await expect(township.getByText('已批准').first()).toBeVisible();
  await township.context().close();
  await clerk.context().close();

  // Up the chain: each parent submits (through the API, as its clerk), its approver approves in the browser.
  const chain: [string, string, string][] = [
    [s.township.code, 'township-clerk', 'county-approver'],
    [s.county.code, 'county-clerk', 'city-approver'],
    [s.city.code, 'city-clerk', 'province-approver'],
    [s.province.code, 'province-clerk', 'province-approver'],
  ];
  for (const [code, clerkName, approverName] of chain) {
    const token = await login(s.url, clerkName, PASSWORD);
    await gql(s.url, token, `mutation($i: SubmitReportInput!) { submitReport(input: $i) { version } }`, { i: { unitCode: code, period: s.period, expectedVersion: 0 } });
    const approver = await signIn(browser, approverName, `/units/${code}/${s.period}`);
    await approver.getByRole('tab', { name: '批准' }).click();
    await approver.getByRole('button', { name: '批准', exact: true }).last().click();
    await expect(approver.getByText('已批准').first()).toBeVisible();
    await approver.context().close();
  }

  // The official's dashboard shows the new provincial total by itself.
  await expect(total.getByText('40', { exact: true })).toBeVisible({ timeout: 30_000 });
  await screenshot(official, 'dashboard');
});

test('a clerk of another county gets the not-found page for the unit', async ({ browser }) => {
  const s = state();
  const page = await signIn(browser, 'other-clerk', `/units/${s.village.code}/${s.period}`);
  await expect(page.getByText('未找到该页面或单位')).toBeVisible();
  await screenshot(page, 'not-found');
});

test('a conflict between two browsers saving the same report is shown, and merging keeps both', async ({ browser }) => {
  const s = state();
  const at = `/units/${s.conflictVillage.code}/${s.conflictPeriod}`;
  const a = await signIn(browser, 'conflict-a', at);
  const b = await signIn(browser, 'conflict-b', at);
  await expect(a.getByRole('spinbutton', { name: '农村留守儿童', exact: true })).toBeVisible();
  await expect(b.getByRole('spinbutton', { name: '农村留守儿童', exact: true })).toBeVisible();
  await a.getByRole('spinbutton', { name: '农村留守儿童', exact: true }).fill('7');
  await a.getByRole('button', { name: '保存', exact: true }).click();
  await expect(a.getByText('版本 1')).toBeVisible();
  await b.getByRole('spinbutton', { name: '走访', exact: true }).fill('3');
  await b.getByRole('button', { name: '保存', exact: true }).click();
  const dialog = b.getByRole('dialog', { name: '其他人已修改了此报表' });
  await expect(dialog).toBeVisible();
  // indicator, theirs, mine (b left it empty)
  await expect(dialog.getByRole('row', { name: /农村留守儿童/ }).getByRole('cell')).toHaveText(['农村留守儿童', '7', '—']);
  await screenshot(b, 'conflict');
  await dialog.getByRole('button', { name: /合并/ }).click();
  await expect(b.getByText('版本 2')).toBeVisible();
  await b.reload();
  await expect(b.getByRole('spinbutton', { name: '农村留守儿童', exact: true })).toHaveValue('7');
  await expect(b.getByRole('spinbutton', { name: '走访', exact: true })).toHaveValue('3');
});

test('the entry screen on a phone, and the sign-in page', async ({ browser }) => {
  const s = state();
  const context = await browser.newContext({ baseURL: s.url, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const login = await context.newPage();
  await login.goto('/');
  await login.getByLabel('用户名').fill('phone-clerk');
  await login.getByLabel('密码').fill('wrong-password-here');
  await login.getByRole('button', { name: '登录', exact: true }).click();
  await expect(login.getByRole('alert')).toContainText('用户名或密码错误');
  await screenshot(login, 'login');
  await context.close();
  const phone = await signIn(browser, 'phone-clerk', `/units/${s.conflictVillage.code}/${s.period}`, { width: 390, height: 844 });
  await expect(phone.getByRole('spinbutton', { name: '农村留守儿童', exact: true })).toBeVisible();
  // the compact header: one row, the screen's content right below it; the user, language and sign-out in one menu
  expect((await phone.getByRole('banner').boundingBox())!.height).toBeLessThanOrEqual(64);
  expect((await phone.getByRole('main').boundingBox())!.y).toBeLessThanOrEqual(120);
  await expect(phone.getByLabel('月份')).toBeVisible();
  await screenshot(phone, 'entry-phone');
  await phone.getByRole('button', { name: '账户菜单' }).click();
  await expect(phone.getByRole('button', { name: '退出登录' })).toBeVisible();
  await expect(phone.getByText(/phone-clerk/)).toBeVisible();
});

test('an administrator disables a user of their subtree and sees it in the audit', async ({ browser }) => {
  const page = await signIn(browser, 'admin', '/admin');
  await expect(page.getByRole('heading', { name: '用户管理' })).toBeVisible();
  await page.getByLabel('搜索用户').fill('conflict');
  await page.getByLabel('搜索用户').press('Enter');
  const row = page.getByRole('row', { name: /conflict-a/ });
  await expect(row).toBeVisible();
  await page.getByRole('button', { name: '停用 conflict-a' }).click();
  await expect(row.getByText('已停用')).toBeVisible();
  await screenshot(page, 'admin');
  await page.getByRole('tab', { name: '管理日志' }).click();
  await expect(page.getByRole('cell', { name: 'USER_DISABLE' }).first()).toBeVisible();
});

test('a township clerk imports a file of villages and follows the job to the problems of each row', async ({ browser }) => {
  const s = state();
  const period = shift(s.period, -12); // a month nothing else here touches
  const token = await login(s.url, 'import-clerk', PASSWORD);
  const me = await gql(s.url, token, `{ me { unit { code } } }`);
  const villages = await gql(s.url, token, `query($p: ID!) { units(parentCode: $p, first: 2) { edges { node { code } } } }`, { p: me.me.unit.code });
  const [a, b] = villages.units.edges.map((e: { node: { code: string } }) => e.node.code);
  const page = await signIn(browser, 'import-clerk');
  await page.getByRole('link', { name: '批量导入' }).click();
  await expect(page.getByRole('heading', { name: '批量导入' })).toBeVisible();
  await page.goto(`/import/${period}`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载模板 (CSV)' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '选择文件（CSV 或 XLSX）' }).click();
  await (await chooser).setFiles({ name: 'villages.csv', mimeType: 'text/csv', buffer: Buffer.from(`unitCode,LEFT_BEHIND_CHILDREN\n${a},3\n${b},abc\n`) });
  await page.getByRole('radio', { name: '保存通过校验的行' }).check();
  await page.getByRole('button', { name: '开始导入' }).click();
  await expect(page.getByText('导入完成')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: '导入进度' })).toBeVisible();
  await expect(page.getByText('已保存 1 行')).toBeVisible();
  const problem = page.getByRole('row', { name: new RegExp(b) });
  // row (the header is row 1), unit, indicator, rule, and the rule's text, not the server's English sentence
  await expect(problem.getByRole('cell')).toHaveText(['3', b, 'LEFT_BEHIND_CHILDREN', 'FORMAT', '单元格无法识别（代码或数字格式有误）']);
  const said = problem.getByRole('cell').last();
  await screenshot(page, 'import');
  // in English once someone switches (the English texts load then)
  await page.getByRole('button', { name: 'English' }).click();
  await expect(said).toHaveText('A cell cannot be read (code or number format)');
  await expect(page.getByRole('heading', { name: 'Bulk import' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(said).toHaveText('单元格无法识别（代码或数字格式有误）');
  // the choice is kept: after a reload the screen comes in English
  await page.getByRole('button', { name: 'English' }).click();
  await expect(said).toHaveText('A cell cannot be read (code or number format)');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Bulk import' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '批量导入' })).toBeVisible();
});
