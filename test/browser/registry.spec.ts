import { expect, test } from '@playwright/test';
import { gql, login, shift } from './api';
import { PASSWORD } from './scenario-data';
import { screenshot, signIn, state } from './support';

/** A valid resident ID number (GB 11643 check character) for a birth date, in the county's area. */
function idNumber(area: string, birth: string, serial: number): string {
  const first17 = `${area}${birth.replace(/-/g, '')}${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((n, d, i) => n + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

const CREATE = `mutation($i: CreateChildInput!) { createChild(input: $i) { id } }`;

/**
 * Issue 14's web part: a county clerk opens the registry, finds a child by name, gives the purpose and
 * opens the full file with its grade history; the opening is in the child's access log, with the clerk
 * and the purpose. The files live in a village of the other county, which no report of the other tests
 * reaches (W4 compares reports with files).
 */
test('a county clerk opens a child’s file with a purpose, sees the grade history, and the opening is logged', async ({ browser }) => {
  const s = state();
  const token = await login(s.url, 'registry-clerk', PASSWORD);
  const me = await gql<{ me: { name: string; unit: { code: string } } }>(s.url, token, `{ me { name unit { code } } }`);
  const townships = await gql(s.url, token, `query($p: ID!) { units(parentCode: $p, first: 2) { edges { node { code } } } }`, { p: me.me.unit.code });
  const township = townships.units.edges.at(-1).node.code as string;
  const villages = await gql(s.url, token, `query($p: ID!) { units(parentCode: $p, first: 1) { edges { node { code name } } } }`, { p: township });
  const village = villages.units.edges[0].node as { code: string; name: string };

  // The files: opened five months before the month shown; one regraded within it, one turning 18 next month.
  const opened = `${shift(s.period, -5)}-01`;
  const area = me.me.unit.code.slice(0, 6);
  const next = shift(s.period, 1);
  const eighteen = `${Number(next.slice(0, 4)) - 18}${next.slice(4)}-15`;
  const hong = await gql<{ createChild: { id: string } }>(s.url, token, CREATE, {
    i: {
      villageCode: village.code,
      name: '王小红',
      sex: 'F',
      birthDate: '2015-03-08',
      idNumber: idNumber(area, '2015-03-08', 22),
      openedOn: opened,
      categories: [{ category: 'LEFT_BEHIND', status: 'CERTIFIED', certifiedOn: opened }],
      grade: { grade: 'YELLOW', reason: '父母均外出务工，祖母照料', assessedBy: '张儿童主任' },
      helper: { name: '张儿童主任', role: 'CHILD_DIRECTOR', phone: '13800001234' },
      guardians: [{ name: '王奶奶', relation: 'GRANDPARENT', phone: '13900005678' }],
      facts: [
        { field: 'PARENTS_SITUATION', value: '父母均在浙江务工' },
        { field: 'HEALTH', value: '健康' },
        { field: 'SCHOOLING', value: '村小学五年级' },
      ],
    },
  });
  const childId = hong.createChild.id;
  await gql(s.url, token, `mutation($i: UpdateChildInput!) { updateChild(input: $i) { id } }`, {
    i: { childId, effective: `${s.period}-10`, grade: { grade: 'ORANGE', reason: '祖母住院，无人照料', assessedBy: '李督导员' } },
  });
  await gql(s.url, token, `mutation($i: RecordVisitInput!) { recordVisit(input: $i) { id } }`, {
    i: { childId, kind: 'HOME', visitedOn: `${s.period}-12`, visitor: '张儿童主任', notes: '祖母住院，由邻居临时照看' },
  });
  await gql(s.url, token, CREATE, {
    i: { villageCode: village.code, name: '李小军', sex: 'M', birthDate: eighteen, openedOn: opened, grade: { grade: 'RED', reason: '无监护人', assessedBy: '张儿童主任' } },
  });

  // The registry from the navigation: the village's children by name, ID numbers masked.
  const page = await signIn(browser, 'registry-clerk');
  await page.getByRole('link', { name: '一人一档' }).click();
  await expect(page.getByRole('heading', { name: /一人一档/ })).toBeVisible();
  const row = page.getByRole('row', { name: /王小红/ });
  // name, sex, age, grade, categories, ID number (all but its last four characters masked)
  const cells = row.getByRole('cell');
  await expect(cells.nth(3)).toHaveText('橙色');
  await expect(cells.nth(4)).toHaveText('农村留守儿童');
  await expect(cells.nth(5)).toHaveText(/^\*{14}\d{3}[\dX]$/);
  await page.getByLabel('按姓名搜索').fill('小红');
  await page.getByLabel('按姓名搜索').press('Enter');
  await expect(page.getByRole('row', { name: /李小军/ })).toHaveCount(0);

  // The full file asks why it is opened, then shows the grade history.
  await page.getByRole('button', { name: '查看 王小红 的完整档案' }).click();
  const ask = page.getByRole('dialog', { name: '查看 王小红 的完整档案' });
  await ask.getByRole('radio', { name: '个案服务' }).check();
  await ask.getByLabel('补充说明（可选）').fill('祖母住院后的照料安排');
  await ask.getByRole('button', { name: '打开' }).click();
  const file = page.getByRole('dialog').filter({ hasText: '儿童档案 · 王小红' });
  await expect(file).toBeVisible();
  const grades = file.getByRole('region', { name: '风险等级记录' });
  await expect(grades.getByRole('row', { name: /橙色.*祖母住院，无人照料.*李督导员/ })).toBeVisible();
  await expect(grades.getByRole('row', { name: /黄色.*父母均外出务工，祖母照料.*张儿童主任/ })).toBeVisible();
  await expect(file.getByRole('region', { name: '包保人' })).toContainText('张儿童主任');
  await expect(file.getByRole('region', { name: '查阅记录' }).getByRole('cell', { name: '个案服务', exact: true })).toBeVisible();
  await grades.scrollIntoViewIfNeeded();
  await screenshot(page, 'registry');

  // The access log through GraphQL: this opening, by this clerk, with the purpose and the note.
  const log = await gql<{ childAccessLog: { actor: string; action: string; purpose: string; note: string | null }[] }>(
    s.url,
    token,
    `query($id: ID!) { childAccessLog(childId: $id, first: 10) { actor action purpose note } }`,
    { id: childId },
  );
  expect(log.childAccessLog).toContainEqual(expect.objectContaining({ actor: me.me.name, action: 'OPEN_FILE', purpose: 'CASE_WORK', note: '祖母住院后的照料安排' }));

  // The monitoring panel of the county's dashboard names the child turning 18 next month.
  await page.goto(`/dashboard/${me.me.unit.code}/${s.period}`);
  await expect(page.getByRole('region', { name: '下月满 18 周岁' })).toContainText('李小军');
  await page.context().close();
});
