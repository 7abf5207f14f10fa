import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeMemberCredit, setEnterpriseCredit } from '../../db/ledger/operations';
import { freshId } from '../support';
import { call, type Tokens } from '../api/support';
import type { FundedEnterprise } from '../transfers/harness';
import { accessibilityProblems, adminScene, listRow, openConsole, screenshot, seen, signIn, type ConsoleHarness } from './browser';

let c: ConsoleHarness;
let ent: FundedEnterprise;
let tokens: Tokens;
let admin: Page;

beforeAll(async () => {
  ({ c, ent, tokens, admin } = await adminScene([100_00n, 0n], async (db, e) => {
    await setEnterpriseCredit(db, { key: freshId('credit'), enterpriseId: e.id, publicCloud: 1000_00n, hybridCloud: 500_00n, reason: 'contract', actor: 'test' });
    await changeMemberCredit(db, { key: freshId('limit'), accountId: e.members[1]!, delta: 50_00n, reason: 'start', actor: 'test' });
  }));
}, 120_000);
afterAll(async () => c?.close());

const member = (n: number) => `${ent.name} member ${n}`;
const row = listRow;
const figures = async (id: number) => (await call(c.api.app, tokens.enterprise_admin, 'GET', `/accounts/${id}`)).body;

async function openCredit(name: string) {
  await admin.getByRole('button', { name: `Change credit limit of ${name}` }).click();
  return admin.getByRole('dialog', { name: 'Credit Quota Settings' });
}

describe('console: credit quota settings, roles and languages', () => {
  it("changes a member's credit limit: the quota figures, a reason, and the list and API agree after", async () => {
    const drawer = await openCredit(member(1));
    await seen(() => drawer.textContent()).toContain('Total Credit Quota¥1,500.00 (public ¥1,000.00 + hybrid ¥500.00)');
    expect(await drawer.textContent()).toContain('Available Quota¥1,450.00');
    await drawer.getByLabel('Change Credit Limit to (yuan)').fill('300');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await seen(() => drawer.textContent()).toContain('Say why');
    await drawer.getByLabel('Reason').fill('more usage this quarter');
    expect(await accessibilityProblems(admin, '[role=dialog]')).toEqual([]);
    await drawer.getByRole('button', { name: 'Save' }).click();
    await seen(() => row(admin, member(1)).textContent()).toContain('¥300.00');
    expect(await figures(ent.members[0]!)).toMatchObject({ creditLimit: '300.00', available: '400.00' });
    const totals = await call(c.api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/totals`);
    expect(totals.body.credit).toMatchObject({ assigned: '350.00', available: '1150.00' });
  });

  it('warns that lowering would stop the account, and lowers only once the admin accepts it', async () => {
    const drawer = await openCredit(member(2));
    await drawer.getByLabel('Change Credit Limit to (yuan)').fill('0');
    await drawer.getByLabel('Reason').fill('closing down');
    await seen(() => drawer.getByRole('alert').first().textContent()).toContain(`This leaves ${member(2)} with no available quota: the account will be stopped.`);
    expect(await drawer.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await drawer.getByRole('checkbox', { name: `I accept that ${member(2)} will be stopped` }).check();
    await seen(() => drawer.getByRole('button', { name: 'Save' }).isDisabled()).toBe(false);
    await drawer.getByRole('button', { name: 'Save' }).click();
    await seen(() => row(admin, member(2)).textContent()).toContain('Stopped');
    expect(await figures(ent.members[1]!)).toMatchObject({ creditLimit: '0.00', status: 'stopped' });
  });

  it('moves credit limit from one member to another in one step', async () => {
    const drawer = await openCredit(member(1));
    await drawer.getByRole('radiogroup', { name: 'What to do' }).getByText('Move to another member', { exact: true }).click();
    await drawer.getByLabel('Move to', { exact: true }).fill('member 2');
    await admin.getByRole('option', { name: member(2) }).waitFor({ state: 'attached' });
    await drawer.getByLabel('Move to', { exact: true }).press('Enter');
    await drawer.getByLabel('Amount to move (yuan)').fill('100');
    await drawer.getByLabel('Reason').fill('rebalance');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await seen(() => row(admin, member(2)).textContent()).toContain('¥100.00');
    expect((await figures(ent.members[0]!)).creditLimit).toBe('200.00');
    expect(await figures(ent.members[1]!)).toMatchObject({ creditLimit: '100.00', status: 'active' });
  });

  it('ops picks the enterprise, sees figures but no money actions, and opens the queue dashboard signed in', async () => {
    const page = await openConsole(c);
    await signIn(page, tokens.ops);
    await page.getByLabel('Enterprise', { exact: true }).click();
    await page.getByLabel('Enterprise', { exact: true }).fill(ent.name);
    await page.getByRole('option', { name: ent.name }).waitFor({ state: 'attached' });
    await page.getByLabel('Enterprise', { exact: true }).press('Enter');
    await seen(() => row(page, member(1)).textContent()).toContain('¥300.00');
    expect(await page.getByRole('button', { name: /^Transfer |Set alert threshold|Change credit limit|Approvals|Low Balance Alert/ }).count()).toBe(0);
    const [dashboard] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Queue dashboard' }).click()]);
    const answer = await dashboard.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/admin/queues'));
    expect(answer.status()).toBe(200);
    await page.context().close();
  });

  it('speaks Chinese after the switch, figures unchanged', async () => {
    await admin.getByRole('button', { name: '中文' }).click();
    await seen(() => admin.getByRole('button', { name: '退出登录' }).count()).toBe(1);
    expect(await admin.getByRole('columnheader', { name: '可用额度' }).count()).toBe(1);
    expect(await row(admin, member(1)).textContent()).toContain('¥200.00');
    await screenshot(admin, 'accounts-zh-CN');
  });
});
