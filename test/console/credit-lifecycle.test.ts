import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTemporalClient } from '../../api/context';
import type { Principal, Role } from '../../domain/principal';
import { submitApplication } from '../../services/credit-applications';
import { createPrincipal } from '../../services/principals';
import { call } from '../api/support';
import { createTestEnterprise, testConfig, type TestEnterprise } from '../support';
import { accessibilityProblems, englishWords, openConsole, pageWidth, PHONE, screenshot, seen, signIn, startConsole, type ConsoleHarness } from './browser';

/**
 * The credit lifecycle through the console, with the three people who run it, each signed in with their own
 * token in their own browser: the account manager (李伟) submits, the credit reviewer (张敏) decides, the
 * enterprise's MA account (王芳) confirms the contract. The test server's Temporal worker runs the workflows.
 * The desktop screenshots credit-application.png and enterprise-credit.png (test/console/screenshots/) are the
 * ones copied to docs/console-*.png for the README.
 */
let c: ConsoleHarness;
let ent: TestEnterprise;
const token: Partial<Record<Role, string>> = {};
const people: Partial<Record<Role, Principal>> = {};
let manager: Page;
let reviewer: Page;
let admin: Page;
let firstId: string;

const NAMES = { account_manager: '李伟', credit_reviewer: '张敏', enterprise_admin: '王芳' } as const;

beforeAll(async () => {
  c = await startConsole();
  ent = await createTestEnterprise(c.db, { members: 2, name: `星云科技 ${Date.now()}` });
  for (const role of ['account_manager', 'credit_reviewer', 'enterprise_admin'] as const) {
    const issued = await createPrincipal(c.db, { name: NAMES[role], role, ...(role === 'enterprise_admin' && { enterpriseId: ent.id }) });
    [token[role], people[role]] = [issued.token, issued.principal];
  }
  const signedIn = async (role: Role) => {
    const page = await openConsole(c);
    await signIn(page, token[role]!);
    page.setDefaultTimeout(10_000);
    return page;
  };
  [manager, reviewer, admin] = [await signedIn('account_manager'), await signedIn('credit_reviewer'), await signedIn('enterprise_admin')];
}, 120_000);
afterAll(async () => c?.close());

const go = (page: Page, path: string) => page.goto(`${c.origin}/console/#/${path}`);
const main = (page: Page) => page.locator('main').innerText();
const timeline = (page: Page, name = 'Stages') => page.getByRole('region', { name }).innerText();
const api = (role: Role, method: 'GET' | 'POST' | 'PUT', url: string, body?: object) => call(c.api.app, token[role]!, method, url, body);
/** A moment as the console writes it in English (the browser and this process share the machine's time zone). */
const shown = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso));

async function submit(page: Page, publicCloud: string, hybridCloud: string, reason: string): Promise<string> {
  await go(page, `applications?e=${ent.id}`);
  await page.getByLabel('Public cloud (yuan)').fill(publicCloud);
  await page.getByLabel('Hybrid cloud (yuan)').fill(hybridCloud);
  await page.getByLabel('Reason').fill(reason);
  await page.getByRole('button', { name: 'Submit application' }).click();
  await seen(() => page.url()).toMatch(/#\/applications\/[0-9a-f-]{36}/);
  return decodeURIComponent(/#\/applications\/([0-9a-f-]{36})/.exec(page.url())![1]!);
}

describe('console: the credit application lifecycle', () => {
  it('manager submits → reviewer approves other amounts → the MA account confirms → the credit quota is the approved one', async () => {
    await go(admin, 'accounts');
    await seen(() => main(admin)).toMatch(/Total credit quota\s*¥0\.00/);

    firstId = await submit(manager, '10,000', '5000', '新建数据中心');
    await seen(() => timeline(manager)).toContain('Submitted by 李伟');
    expect(await timeline(manager)).toContain('新建数据中心');
    expect(await timeline(manager)).toContain('Waiting for a credit reviewer, until');

    await go(reviewer, `applications/${firstId}`);
    await reviewer.getByRole('radio', { name: 'Approve other amounts' }).check();
    await reviewer.getByLabel('Public cloud (yuan)').fill('8,000');
    await reviewer.getByLabel('Hybrid cloud (yuan)').fill('4000');
    await reviewer.getByLabel('Reason').fill('符合政策');
    await reviewer.getByRole('button', { name: 'Send decision' }).click();
    await seen(() => timeline(reviewer)).toContain(
      'Approved by 张敏 with other amounts than requested: ¥12,000.00 (public cloud ¥8,000.00 + hybrid cloud ¥4,000.00)',
    );
    const waiting = (await api('account_manager', 'GET', `/credit-applications/${firstId}`)).body;
    expect(waiting.stage).toBe('awaiting_contract');
    expect(await timeline(reviewer)).toContain(`Contract sent to the MA account: confirm by ${shown(waiting.deadlines.contract)}`);
    expect(await reviewer.getByRole('button', { name: 'Send decision' }).count()).toBe(0);

    await go(admin, 'applications');
    await admin.getByRole('link', { name: 'A credit contract waits for your confirmation' }).click();
    const contract = admin.getByRole('region', { name: 'Credit contract waiting for your confirmation' });
    await seen(() => contract.innerText()).toMatch(/Credit quota\s*¥12,000\.00 \(public cloud ¥8,000\.00 \+ hybrid cloud ¥4,000\.00\)/);
    expect(await contract.innerText()).toMatch(/Approved by\s*张敏/);
    expect(await contract.innerText()).toContain(shown(waiting.deadlines.contract));
    expect(await accessibilityProblems(admin)).toEqual([]);
    await contract.getByRole('button', { name: 'Confirm contract' }).click();
    await seen(() => timeline(admin)).toContain('In force: total credit quota ¥12,000.00 (public cloud ¥8,000.00 + hybrid cloud ¥4,000.00)');
    expect(await timeline(admin)).toContain('Contract confirmed by 王芳');
    expect(await main(admin)).toMatch(/Stage\s*In force/);

    // The tab read its credit quota before: it is read again, without a reload.
    await admin.getByRole('link', { name: 'Accounts', exact: true }).click();
    await seen(() => main(admin)).toMatch(/Total credit quota\s*¥12,000\.00/);
    expect((await api('enterprise_admin', 'GET', `/enterprises/${ent.id}/credit`)).body).toMatchObject({ publicCloud: '8000.00', hybridCloud: '4000.00', total: '12000.00' });
    await admin.goBack();
    await seen(() => timeline(admin)).toContain('Contract confirmed by 王芳');
    await seen(() => admin.getByText('Contract confirmed: the credit quota is in force.').count()).toBe(0);
    await screenshot(admin, 'credit-application');
  }, 120_000);

  it("shows the enterprise's credit as the API has it: totals, the split among members, the change records", async () => {
    const assigned = await api('enterprise_admin', 'PUT', `/accounts/${ent.members[0]}/credit-limit`, { newLimit: '3000.00', reason: '季度用量' });
    expect(assigned.status).toBe(200);
    await admin.getByRole('link', { name: 'Enterprise credit', exact: true }).click();
    const credit = (await api('credit_reviewer', 'GET', `/enterprises/${ent.id}/credit`)).body;
    expect(credit).toMatchObject({ total: '12000.00', assigned: '3000.00', available: '9000.00' });
    await seen(() => main(admin)).toMatch(/Total credit quota\s*¥12,000\.00\s*Public cloud ¥8,000\.00 \+ hybrid cloud ¥4,000\.00/);
    expect(await main(admin)).toMatch(/Assigned to members\s*¥3,000\.00/);
    expect(await main(admin)).toMatch(/Available to assign\s*¥9,000\.00/);
    const split = admin.getByRole('region', { name: 'Split among members' });
    const parts = await split.getByRole('listitem').allInnerTexts();
    expect(parts.map((text) => text.replace(/\s+/g, ' '))).toEqual([`${ent.name} member 1 ¥3,000.00 25.0%`, 'Not assigned ¥9,000.00 75.0%']);
    expect(await split.getByRole('img').getAttribute('aria-label')).toContain(`${ent.name} member 1 ¥3,000.00 (25.0%)`);
    const records = admin.getByRole('region', { name: 'Credit change records' });
    expect(await records.innerText()).toMatch(/Total credit quota\s*¥0\.00\s*→\s*¥12,000\.00/);
    expect(await records.getByRole('link', { name: 'Credit application' }).getAttribute('href')).toBe(`#/applications/${firstId}`);
    expect(await accessibilityProblems(admin)).toEqual([]);
    await screenshot(admin, 'enterprise-credit');

    await go(reviewer, `credit?e=${ent.id}`);
    await seen(() => main(reviewer)).toMatch(/Available to assign\s*¥9,000\.00/);
  });

  it('rejects with a reason on the timeline; invalid amounts and a second decision are refused in words', async () => {
    const sent = await api('account_manager', 'POST', `/enterprises/${ent.id}/credit-applications`, { publicCloud: '20000.00', hybridCloud: '0', reason: '扩大规模' });
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;
    await go(reviewer, `applications/${id}`);
    const stale = await openConsole(c);
    await signIn(stale, token.credit_reviewer!);
    await go(stale, `applications/${id}`);
    await stale.getByRole('button', { name: 'Send decision' }).waitFor();

    await reviewer.getByRole('radio', { name: 'Approve other amounts' }).check();
    await reviewer.getByLabel('Public cloud (yuan)').fill('12.345');
    await reviewer.getByLabel('Reason').fill('调整');
    await reviewer.getByRole('button', { name: 'Send decision' }).click();
    await seen(() => main(reviewer)).toContain('At most two decimal places (fen).');
    await reviewer.getByLabel('Public cloud (yuan)').fill('1000');
    await reviewer.getByLabel('Hybrid cloud (yuan)').fill('0');
    await reviewer.getByRole('button', { name: 'Send decision' }).click();
    await seen(() => reviewer.getByRole('alert').innerText()).toContain('The total credit limit cannot be 1000.00 yuan: 3000.00 yuan is already assigned to members.');
    expect((await api('credit_reviewer', 'GET', `/credit-applications/${id}`)).body.stage).toBe('awaiting_review');

    await reviewer.getByRole('radio', { name: 'Reject' }).check();
    await reviewer.getByLabel('Reason').fill('风险过高');
    await reviewer.getByRole('button', { name: 'Send decision' }).click();
    await seen(() => timeline(reviewer)).toMatch(/Rejected by 张敏\s*风险过高/);
    expect(await main(reviewer)).toMatch(/Stage\s*Rejected/);

    await stale.getByLabel('Reason').fill('同意');
    await stale.getByRole('button', { name: 'Send decision' }).click();
    await seen(() => stale.getByRole('alert').innerText()).toContain('The application is already rejected.');
    await stale.context().close();

    await go(manager, `applications?e=${ent.id}`);
    const row = manager.getByRole('listitem').filter({ hasText: 'Requested ¥20,000.00' });
    await seen(() => row.innerText()).toContain('Rejected');
  });

  it('a second application after a confirmed contract takes effect on approval, with no confirmation step', async () => {
    await go(manager, `applications?e=${ent.id}`);
    await manager.getByLabel('Public cloud (yuan)').fill('15000');
    await manager.getByLabel('Hybrid cloud (yuan)').fill('5000');
    await manager.getByLabel('Reason').fill('业务增长');
    // By keyboard: from the reason to the button, and Enter.
    await manager.keyboard.press('Tab');
    await manager.keyboard.press('Enter');
    await seen(() => manager.url()).toMatch(/#\/applications\/[0-9a-f-]{36}/);
    const id = /#\/applications\/([0-9a-f-]{36})/.exec(manager.url())![1]!;

    await go(reviewer, `applications/${id}`);
    await reviewer.getByLabel('Reason').fill('同意');
    await reviewer.getByRole('button', { name: 'Send decision' }).click();
    await seen(() => timeline(reviewer)).toContain('In force: total credit quota ¥20,000.00 (public cloud ¥15,000.00 + hybrid cloud ¥5,000.00)');
    expect(await timeline(reviewer)).toContain('No confirmation needed: the enterprise’s credit contract is already confirmed');
    expect(await timeline(reviewer)).not.toContain('Contract sent');

    await go(admin, 'applications');
    await seen(() => main(admin)).toContain('In force');
    expect(await admin.getByText('A credit contract waits for your confirmation').count()).toBe(0);
    await admin.getByRole('link', { name: 'Accounts', exact: true }).click();
    await seen(() => main(admin)).toMatch(/Total credit quota\s*¥20,000\.00/);
  });

  it('reminds the MA account and lapses when the contract is not confirmed in time: the timeline follows by itself', async () => {
    const other = await createTestEnterprise(c.db, { members: 1, name: `银河数据 ${Date.now()}` });
    const temporal = createTemporalClient(testConfig());
    try {
      // Windows of seconds instead of the product's 3-day reminders and 30-day confirmation: the service takes
      // them for tests (the API does not), and the workflow keeps its own clock.
      const app = await submitApplication({ db: c.db, temporal: temporal.client, taskQueue: c.taskQueue }, people.account_manager!, {
        enterpriseId: other.id, publicCloud: '5000', hybridCloud: '0', reason: '短期项目', timing: { reminderIntervalMs: 2000, confirmWindowMs: 7000 },
      });
      await go(reviewer, `applications/${app.id}`);
      await reviewer.getByLabel('Reason').fill('同意');
      await reviewer.getByRole('button', { name: 'Send decision' }).click();
      await seen(() => timeline(reviewer)).toContain('Contract sent to the MA account');
      // No reload: the page reads the application again as each deadline passes.
      await expect.poll(() => timeline(reviewer), { timeout: 20_000, interval: 250 }).toContain('Lapsed: the contract was not confirmed by its deadline');
      expect((await timeline(reviewer)).match(/Reminder \d sent to the MA account/g)).toEqual([1, 2, 3].map((n) => `Reminder ${n} sent to the MA account`));
      expect(await main(reviewer)).toMatch(/Stage\s*Lapsed/);
      expect((await api('credit_reviewer', 'GET', `/enterprises/${other.id}/credit`)).body.total).toBe('0.00');
      await screenshot(reviewer, 'credit-application-lapsed');
    } finally {
      await temporal.close();
    }
  }, 60_000);

  it('works at phone size, and in Chinese with no English words left but names', async () => {
    const phone = await openConsole(c, PHONE);
    await signIn(phone, token.enterprise_admin!);
    for (const path of ['credit', `applications/${firstId}`, 'applications']) {
      await go(phone, path);
      await phone.getByRole('heading', { level: 2 }).first().waitFor();
      await seen(() => pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    }
    await go(phone, `applications/${firstId}`);
    await seen(() => timeline(phone)).toContain('Contract confirmed by 王芳');
    await screenshot(phone, 'credit-application-phone');
    expect(await accessibilityProblems(phone)).toEqual([]);

    await phone.getByRole('button', { name: '中文' }).click();
    await seen(() => timeline(phone, '流程')).toContain('王芳 确认了合同');
    // Names are data; "Webhook" is the product's own word in the menu; "English" is the switch back to English.
    const names = [`${ent.name} member 1`, /^Webhook$/, /^English$/];
    expect(await englishWords(phone, names)).toEqual([]);
    await screenshot(phone, 'credit-application-zh-CN');
    await go(phone, 'credit');
    await seen(() => main(phone)).toContain('成员分配情况');
    expect(await englishWords(phone, names)).toEqual([]);
    await screenshot(phone, 'enterprise-credit-zh-CN');
    await go(phone, 'applications');
    await seen(() => main(phone)).toContain('已生效');
    expect(await englishWords(phone, names)).toEqual([]);
    await phone.context().close();
  }, 120_000);

  it("speaks Chinese to the manager's form and the reviewer's decision too, at phone size", async () => {
    const sent = await api('account_manager', 'POST', `/enterprises/${ent.id}/credit-applications`, { publicCloud: '30000.00', hybridCloud: '0', reason: '新项目' });
    expect(sent.status).toBe(201);
    const names = [ent.name, /^English$/];
    for (const role of ['account_manager', 'credit_reviewer'] as const) {
      const phone = await openConsole(c, PHONE);
      await signIn(phone, token[role]!);
      await phone.getByRole('button', { name: '中文' }).click();
      await go(phone, role === 'account_manager' ? `applications?e=${ent.id}` : `applications/${sent.body.id}`);
      await seen(() => main(phone)).toContain(role === 'account_manager' ? '新建信控申请' : '等待信控审核员审核');
      if (role === 'credit_reviewer') await phone.getByRole('radio', { name: '按其他额度批准' }).check();
      expect(await englishWords(phone, names)).toEqual([]);
      expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
      expect(await accessibilityProblems(phone)).toEqual([]);
      await screenshot(phone, `applications-${role}-zh-CN`);
      await phone.context().close();
    }
    expect((await api('account_manager', 'POST', `/credit-applications/${sent.body.id}/withdraw`, {})).body.stage).toBe('withdrawn');
  }, 120_000);
});
