import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnterpriseCredit } from '../../db/ledger/operations';
import { createPrincipal } from '../../services/principals';
import { QUEUE_NAMES } from '../../queues/queues';
import { freshId, testConfig } from '../support';
import { call } from '../api/support';
import { fundedEnterprise, type FundedEnterprise } from '../transfers/harness';
import { accessibilityProblems, DESKTOP, englishWords, openConsole, pageWidth, PHONE, screenshot, seen, startConsole, type ConsoleHarness } from './browser';

let c: ConsoleHarness;
let ent: FundedEnterprise;
let admin: Page;
let adminToken = '';
let opsToken = '';
const tag = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
const company = `华东云科技${tag}`;
const member = (n: number) => `${company}成员${n}`;

/**
 * Words in Latin letters a Chinese screen may show: product and service names, protocols and codes, and the
 * language switch's 'English' (a language named in its own words) — never a sentence, a label or a button. People, the enterprise and its accounts have Chinese names here.
 */
const ALLOWED = ['English', 'uam', 'API', 'CSV', 'Webhook', 'HTTPS', 'https', 'POST', 'Postgres', 'Redis', 'Temporal'];
const noEnglish = async (page: Page) => expect(await englishWords(page, ALLOWED)).toEqual([]);

async function signInChinese(page: Page, token: string) {
  await page.getByLabel('API 令牌').fill(token);
  await page.getByLabel('API 令牌').press('Enter');
  await page.getByRole('button', { name: '退出登录' }).waitFor();
}

beforeAll(async () => {
  c = await startConsole();
  ent = await fundedEnterprise(c.db, [300_00n, 20_00n, 0n], { dualControlThreshold: 100_00n });
  await c.db('enterprises').where({ id: ent.id }).update({ name: company });
  await c.db('accounts').where({ id: ent.ma }).update({ name: `${company}主账号` });
  for (const [i, id] of ent.members.entries()) await c.db('accounts').where({ id }).update({ name: member(i + 1) });
  await setEnterpriseCredit(c.db, { key: freshId('credit'), enterpriseId: ent.id, publicCloud: 1000_00n, hybridCloud: 0n, reason: 'contract', actor: 'test' });
  adminToken = (await createPrincipal(c.db, { name: '张伟', role: 'enterprise_admin', enterpriseId: ent.id, accountId: ent.ma })).token;
  opsToken = (await createPrincipal(c.db, { name: '李娜', role: 'ops', enterpriseId: null })).token;
  const policy = await call(c.api.app, adminToken, 'POST', `/enterprises/${ent.id}/funding-policies`, {
    fundingAccountId: ent.members[0], memberIds: [ent.members[1], ent.members[2]], floor: '50', target: '100', dailyCap: '80', sweepDay: 5,
  });
  expect(policy.status).toBe(201);
  admin = await openConsole(c, DESKTOP, 'zh-CN');
}, 120_000);
afterAll(async () => c?.close());

describe('console in 简体中文: every word of every screen', () => {
  it('a browser set to Chinese starts in Chinese: the sign-in screen, the page language and its title', async () => {
    await admin.getByRole('heading', { name: '登录' }).waitFor();
    expect(await admin.evaluate('document.documentElement.lang')).toBe('zh-CN');
    expect(await admin.title()).toBe('统一账户管理');
    await noEnglish(admin);
    await signInChinese(admin, adminToken);
  });

  it('the account list, its totals and the header', async () => {
    await seen(() => admin.getByRole('table').first().textContent()).toContain(member(3));
    expect(await admin.getByLabel('当前登录').textContent()).toBe(`张伟 · 企业管理员 · ${company}`);
    await noEnglish(admin);
    expect(await accessibilityProblems(admin)).toEqual([]);
    await screenshot(admin, 'zh-accounts');
  });

  it('the alert drawer and the credit drawer', async () => {
    await admin.getByRole('button', { name: `设置 ${member(2)} 的预警阈值` }).click();
    const alert = admin.getByRole('dialog', { name: '设置可用额度预警阈值' });
    await alert.getByRole('button', { name: '保存' }).waitFor();
    await alert.getByLabel('阈值（元）').fill('abc');
    await alert.getByRole('button', { name: '保存' }).click();
    await seen(() => alert.textContent()).toContain('请输入金额，例如');
    await noEnglish(admin);
    await screenshot(admin, 'zh-alert');
    await alert.getByRole('button', { name: '取消' }).click();
    await alert.waitFor({ state: 'hidden' });

    await admin.getByRole('button', { name: `调整 ${member(2)} 的信用额度` }).click();
    const credit = admin.getByRole('dialog', { name: '信控额度设置' });
    await seen(() => credit.textContent()).toContain('¥1,000.00');
    await noEnglish(admin);
    await screenshot(admin, 'zh-credit');
    await admin.keyboard.press('Escape');
    await credit.waitFor({ state: 'hidden' });
  });

  it('the transfer panel through to waiting for approval, and the approvals drawer', async () => {
    await admin.getByRole('button', { name: `划拨 ${member(1)}` }).click();
    const panel = admin.getByRole('dialog', { name: `划拨 · ${member(1)}` });
    const picker = panel.getByLabel('划拨至');
    await picker.fill(member(3).slice(-3));
    await admin.getByRole('option', { name: member(3) }).waitFor({ state: 'attached' });
    await picker.press('Enter');
    await panel.getByLabel('金额（元）').fill('150');
    await seen(() => panel.textContent()).toContain('¥');
    await noEnglish(admin);
    await panel.getByRole('button', { name: '核对' }).click();
    await seen(() => panel.getByRole('button', { name: '确认' }).count()).toBe(1);
    await noEnglish(admin);
    await panel.getByRole('button', { name: '确认' }).click();
    await seen(() => panel.getByRole('status').textContent()).toContain('等待另一位管理员审批。');
    await noEnglish(admin);
    await screenshot(admin, 'zh-transfer');
    await panel.getByRole('button', { name: '关闭' }).last().click();
    await panel.waitFor({ state: 'hidden' });

    await admin.getByRole('button', { name: /待审批/ }).click();
    const approvals = admin.getByRole('dialog', { name: '待审批' });
    await seen(() => approvals.textContent()).toContain('由您发起：需另一位管理员审批。');
    await noEnglish(admin);
    await admin.keyboard.press('Escape');
    await approvals.waitFor({ state: 'hidden' });
  });

  it('the funding policies drawer and its dry run', async () => {
    await admin.getByRole('button', { name: '资金策略' }).click();
    const drawer = admin.getByRole('dialog', { name: '资金策略' });
    await seen(() => drawer.textContent()).toContain('¥80.00');
    await noEnglish(admin);
    await drawer.getByRole('button', { name: `试运行由 ${member(1)} 出资的策略` }).click();
    const dryRun = admin.getByRole('dialog', { name: `试运行：由 ${member(1)} 出资` });
    await seen(() => dryRun.getByRole('listitem').count()).toBe(2);
    await noEnglish(admin);
    await screenshot(admin, 'zh-funding');
    await admin.keyboard.press('Escape');
    await dryRun.waitFor({ state: 'hidden' });
    await drawer.getByRole('button', { name: /Close|关闭/ }).first().click();
    await drawer.waitFor({ state: 'hidden' });
  });

  it('the webhooks screen and its registration drawer, with a refusal', async () => {
    await admin.getByRole('navigation', { name: '页面' }).getByRole('link', { name: 'Webhook 推送' }).click();
    await admin.getByRole('button', { name: '注册推送地址' }).click();
    const drawer = admin.getByRole('dialog', { name: '注册推送地址' });
    await drawer.getByLabel('推送地址').fill('http://hooks.example.com/uam');
    await drawer.getByRole('checkbox', { name: '余额不足预警' }).check();
    await drawer.getByRole('button', { name: '注册' }).click();
    await seen(() => drawer.textContent()).toContain('地址必须以 https:// 开头。');
    await noEnglish(admin);
    await screenshot(admin, 'zh-webhooks');
    await drawer.getByRole('button', { name: '取消' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await noEnglish(admin);
  });

  it('the ops screen, for ops', async () => {
    const ops = await openConsole(c, DESKTOP, 'zh-CN');
    await signInChinese(ops, opsToken);
    await ops.getByRole('link', { name: '服务健康' }).click();
    await seen(() => ops.getByRole('status').textContent()).toBe('所有检查均已通过。');
    // Codes: the queues' names and the database's (in its address), each shown beside its words.
    const database = (new URL(testConfig().databaseUrl).pathname.match(/[A-Za-z]+/g) ?? []).map((w) => new RegExp(`^${w}$`));
    expect(await englishWords(ops, [...ALLOWED, ...QUEUE_NAMES, ...database])).toEqual([]);
    await ops.setViewportSize(PHONE);
    expect(await pageWidth(ops)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(ops, 'zh-ops-phone');
    await ops.context().close();
  });

  it('switching to English is remembered after a reload', async () => {
    await admin.getByRole('button', { name: 'English' }).click();
    await admin.getByRole('button', { name: 'Sign out' }).waitFor();
    await admin.reload();
    await admin.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await admin.getByRole('button', { name: '中文' }).count()).toBe(1);
    expect(await admin.evaluate('document.documentElement.lang')).toBe('en-US');
    expect(await admin.title()).toBe('Unified Account Management');
  });
});
