import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Browser, type Page } from '@playwright/test';
import type { ScenarioState } from './scenario-data';
import { PASSWORD } from './scenario-data';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'docs/screenshots');

export function state(): ScenarioState {
  return JSON.parse(readFileSync(process.env.CARENET_BROWSER_STATE ?? path.join(ROOT, '.data/test/browser-state.json'), 'utf8')) as ScenarioState;
}

/** A fresh browser context signed in as `username` through the login form, at `path`. */
export async function signIn(browser: Browser, username: string, at = '/', viewport = { width: 1366, height: 768 }): Promise<Page> {
  const s = state();
  const context = await browser.newContext({ baseURL: s.url, viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(at);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  // the header shows sign-out itself, or on a phone inside the account menu
  await expect(page.getByRole('button', { name: '退出登录' }).or(page.getByRole('button', { name: '账户菜单' }))).toBeVisible();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // animations are ended rather than waited for; the fonts are waited for
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false, animations: 'disabled' });
}
