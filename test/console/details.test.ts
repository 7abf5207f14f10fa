import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatYuan } from '../../console/src/components/money';
import { call, type Tokens } from '../api/support';
import { accountWithEverything } from '../support';
import type { FundedEnterprise } from '../transfers/harness';
import { accessibilityProblems, adminScene, englishWords, openConsole, pageWidth, PHONE, screenshot, seen, signIn, type ConsoleHarness } from './browser';

let c: ConsoleHarness;
let ent: FundedEnterprise;
let tokens: Tokens;
let admin: Page;
let account: number;

const member = (n: number) => `${ent.name} member ${n}`;
const api = async (path: string) => (await call(c.api.app, tokens.enterprise_admin, 'GET', path)).body;

beforeAll(async () => {
  ({ c, ent, tokens, admin } = await adminScene([0n, 0n, 0n], async (db, e) => {
    account = await accountWithEverything(db, e);
    // The scene's postings spread over the last three weeks, so the chart shows a course rather than one instant.
    // Test fixture only: the ledger forbids updates, so its triggers are off for this one transaction.
    await db.transaction(async (trx) => {
      await trx.raw('SET LOCAL session_replication_role = replica');
      await trx.raw(`UPDATE ledger_transactions t SET created_at = now() - make_interval(days => 22 - 2 * s.n::int)
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM ledger_transactions WHERE enterprise_id = ?) s WHERE t.id = s.id`, [e.id]);
      await trx.raw('UPDATE credit_changes c SET created_at = t.created_at FROM ledger_transactions t WHERE t.id = c.transaction_id AND c.enterprise_id = ?', [e.id]);
    });
    // Transfers of 10.00 or more wait for a second admin, holding the money meanwhile; the alert watches 600.00.
    await db('enterprises').where({ id: e.id }).update({ dual_control_threshold: 10_00n });
    await db('accounts').where({ id: account }).update({ alert_threshold: 600_00n, alert_enabled: true });
  }));
  const started = await call(c.api.app, tokens.enterprise_admin, 'POST', '/transfers', { fromAccountId: account, toAccountId: ent.members[0], amount: '30.00' });
  expect(started.status).toBe(202);
  for (let i = 0; (await api(`/accounts/${account}`)).held !== '30.00'; i++) {
    if (i > 150) throw new Error('the transfer never held its funds');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 120_000);
afterAll(async () => c?.close());

/** The text of the row whose header or first cell names `label`, in the table named `table`. */
const rowText = (page: Page, table: string, label: string | RegExp) =>
  page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: label }).first().textContent();

describe('console: account details', () => {
  it('is reached from the name in the list and agrees with the API figure by figure', async () => {
    await admin.getByRole('link', { name: member(3), exact: true }).click();
    await admin.getByRole('heading', { name: `Account details · ${member(3)}` }).waitFor();
    expect(new URL(admin.url()).hash).toBe(`#/accounts/${account}`);
    const figures = await api(`/accounts/${account}`);
    expect(figures).toMatchObject({ available: '500.00', held: '30.00', monthlyUncleared: '100.00', historicalUncleared: '50.00', creditLimit: '300.00' });
    const formula = 'How the available balance is made';
    await admin.getByRole('table', { name: formula }).waitFor();
    const terms = {
      'Cash balance': figures.cashBalance, 'Credit limit': figures.creditLimit, 'Credit refund': figures.creditRefund,
      'Monthly uncleared': figures.monthlyUncleared, 'Historical uncleared': figures.historicalUncleared, 'Held (pending transfers)': figures.held,
    };
    for (const [term, value] of Object.entries(terms)) expect(await rowText(admin, formula, term), term).toContain(formatYuan(value));
    // The sum the screen makes of its terms is the API's own available balance.
    expect(await rowText(admin, formula, /^=/)).toBe(`=Available balance${formatYuan(figures.available)}`);
    expect(await admin.getByText('cash balance + credit limit + credit refund − monthly uncleared − historical uncleared − held = available').count()).toBe(1);
    const books = await admin.locator('.ant-card').filter({ has: admin.getByRole('heading', { name: 'Own cash and transfer books' }) }).textContent();
    for (const [label, value] of [['Own cash', figures.ownCash], ['Transfer book', figures.transferBook], ['Held', figures.held]]) expect(books).toContain(`${label}${formatYuan(value)}`);
    for (const b of figures.transferBooks) expect(await rowText(admin, 'Transfer book', b.sourceName)).toBe(`${b.sourceName}${formatYuan(b.balance)}${formatYuan(b.withdrawable)}`);
    expect(figures.transferBooks).toHaveLength(2);
    const coupons = await api(`/accounts/${account}/coupons`);
    expect(await rowText(admin, 'Valid coupons', formatYuan(coupons[0].amount))).toContain(formatYuan(coupons[0].remaining));
  });

  it('lists the transactions newest first with their counterparty, and the credit-limit changes', async () => {
    const entries = (await api(`/accounts/${account}/transactions?limit=10`)).items;
    const rows = admin.getByRole('table', { name: 'Transactions' }).getByRole('row');
    await seen(() => rows.nth(1).textContent()).toContain('Transfer held for approval');
    expect(await rows.nth(1).textContent()).toContain(member(1));
    expect(await rows.count()).toBe(entries.length + 1);
    for (const [i, e] of entries.entries()) expect(await rows.nth(i + 1).textContent(), `row ${i}`).toContain(formatYuan(e.amount));
    expect(await rowText(admin, 'Transactions', member(2))).toContain('¥100.00');
    expect(await rowText(admin, 'Transactions', 'Top-up')).toContain('Platform top-up');
    expect(await rowText(admin, 'Credit limit changes', 'credit for the scene')).toContain('¥0.00 → ¥300.00');
  });

  it('draws the available balance with its points and the threshold, tells the alert history, and shows the covering policies', async () => {
    const history = await api(`/accounts/${account}/balance-history?days=30`);
    const points = admin.getByRole('table', { name: 'The points of the chart' }).getByRole('row');
    await seen(() => points.count()).toBe(history.points.length + 1);
    expect(await points.last().textContent()).toContain('¥500.00');
    expect(await admin.getByRole('img', { name: /Available balance over the last 30 days/ }).getAttribute('data-points')).toBe(String(history.points.length));
    // ECharts drew the series (SVG) and the dashed threshold line.
    expect(await admin.locator('.details-chart svg path').count()).toBeGreaterThan(1);
    expect(await admin.getByText('Alert threshold ¥600.00').count()).toBe(1);
    await seen(() => rowText(admin, 'Alert history', 'Fell below')).toContain('Fell below ¥600.00');
    expect(await admin.getByRole('heading', { name: 'Funding policies covering this account' }).count()).toBe(1);
    expect(await accessibilityProblems(admin)).toEqual([]);
    // docs/console-details.png (the README's) is this screenshot, copied by hand when the screen changes.
    await screenshot(admin, 'account-details');
  });

  it('goes back to the list by keyboard', async () => {
    const back = admin.getByRole('link', { name: 'Back to accounts' });
    await back.focus();
    await admin.keyboard.press('Enter');
    await admin.getByRole('link', { name: member(3), exact: true }).waitFor();
    expect(new URL(admin.url()).hash).toMatch(/^#\/accounts(\?|$)/);
  });

  it('shows a member its own account only, and says so in words for another', async () => {
    const page = await openConsole(c);
    await signIn(page, tokens.member);
    await page.goto(`${c.origin}/console/#/accounts/${account}`);
    await seen(() => page.getByRole('alert').textContent()).toContain(`There is no account #${account} that you may see.`);
    await page.goto(`${c.origin}/console/#/accounts/${ent.members[0]}`);
    await page.getByRole('heading', { name: `Account details · ${member(1)}` }).waitFor();
    expect(await page.getByRole('heading', { name: 'Funding policies covering this account' }).count()).toBe(0);
    await page.context().close();
  });

  it('takes staff there too: the enterprise picked, the name clicked, the address kept on reload', async () => {
    const page = await openConsole(c);
    await signIn(page, tokens.ops);
    const picker = page.getByLabel('Enterprise', { exact: true });
    await picker.click();
    await picker.fill(ent.name);
    await page.getByRole('option', { name: ent.name }).waitFor({ state: 'attached' });
    await picker.press('Enter');
    await page.getByRole('link', { name: member(3), exact: true }).click();
    await page.getByRole('heading', { name: `Account details · ${member(3)}` }).waitFor();
    const figures = await api(`/accounts/${account}`);
    await seen(() => rowText(page, 'How the available balance is made', /^=/)).toBe(`=Available balance${formatYuan(figures.available)}`);
    const address = page.url();
    expect(new URL(address).hash).toMatch(new RegExp(`^#/accounts/${account}(\\?|$)`));
    await page.reload();
    await page.getByRole('heading', { name: `Account details · ${member(3)}` }).waitFor();
    expect(page.url()).toBe(address);
    await page.getByRole('link', { name: 'Back to accounts' }).click();
    await page.getByRole('link', { name: member(3), exact: true }).waitFor();
    await page.context().close();
  });

  it('fits a phone in Chinese: no sideways scrolling, no English but names and codes, axe clean', async () => {
    const page = await openConsole(c, PHONE);
    await signIn(page, tokens.enterprise_admin);
    await page.getByRole('button', { name: '中文' }).click();
    // The phone's list is cards: each has its Details link, named for its account.
    await page.getByRole('link', { name: `详情 ${member(3)}` }).click();
    await page.getByRole('heading', { name: `账号详情 · ${member(3)}` }).waitFor();
    await seen(() => page.getByRole('table', { name: '图表数据点' }).getByRole('row').count()).toBeGreaterThan(2);
    await seen(() => page.getByRole('table', { name: '交易记录' }).getByRole('row').nth(1).textContent()).toContain('划拨冻结待审批');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    // Names and records people typed stay as they are: the enterprise's and accounts' names, who acted (the actor
    // strings), a credit change's reason; and the names of a language and of a product (the language switch, Webhook).
    const me = (await call(c.api.app, tokens.enterprise_admin, 'GET', '/me')).body;
    const names = [ent.name, member(3), `principal:${me.id}:${me.name}`, 'credit for the scene', 'scene', 'English', 'Webhook'];
    const words = names.flatMap((n) => n.match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) ?? []);
    expect(await englishWords(page, [new RegExp(`^(${[...new Set(words)].join('|')})$`)])).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-details-phone-zh-CN');
    await page.context().close();
  });
});
