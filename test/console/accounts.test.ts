import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ledger from '../../db/ledger/operations';
import { revokePrincipal } from '../../services/principals';
import { formatYuan } from '../../console/src/components/money';
import { call, type Tokens } from '../api/support';
import type { FundedEnterprise } from '../transfers/harness';
import { accessibilityProblems, adminScene, openConsole, pageWidth, PHONE, screenshot, seen, signIn, type ConsoleHarness } from './browser';

let c: ConsoleHarness;
let ent: FundedEnterprise;
let tokens: Tokens;
let admin: Page;

beforeAll(async () => {
  ({ c, ent, tokens, admin } = await adminScene([1234_56n, 50_00n, 0n]));
}, 120_000);
afterAll(async () => c?.close());

/** The table's rows as a person reads them: one array of cell texts per account. */
async function rowTexts(page: Page): Promise<string[][]> {
  const rows = await page.locator('.account-table tbody tr[data-row-key]').all();
  return Promise.all(rows.map(async (row) => (await row.locator('td').allTextContents()).map((text) => text.trim())));
}
const rowOf = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name });

/** The menu item the keyboard is on (antd marks it active; the menu holds the focus). */
const activeItem = async (page: Page) => (await page.locator('.ant-dropdown-menu-item-active').allTextContents()).join();

/**
 * Export → "this page" or "all accounts", with the mouse or by keyboard (focus the button, Enter opens the menu,
 * arrows walk it, Enter picks): the file the browser saves, its name and its CSV lines split in fields.
 */
async function download(page: Page, which: RegExp, by: 'mouse' | 'keyboard'): Promise<{ name: string; lines: string[][] }> {
  const button = page.getByRole('button', { name: 'Export' });
  let saved;
  if (by === 'mouse') {
    await button.click();
    saved = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: which }).click();
  } else {
    // As a keyboard user's: the pointer is not left over the menu (where a mouse export leaves it, the hovered item
    // stays marked active whatever the arrows do).
    await page.mouse.move(0, 0);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: which }).waitFor();
    // Each arrow is waited for: read too soon, the item could still be the one before, and the next arrow overshoot.
    for (let i = 0; i < 3 && !which.test(await activeItem(page)); i++) {
      const before = await activeItem(page);
      await page.keyboard.press('ArrowDown');
      await seen(() => activeItem(page)).not.toBe(before);
    }
    expect(await activeItem(page)).toMatch(which);
    saved = page.waitForEvent('download');
    await page.keyboard.press('Enter');
  }
  const file = await saved;
  const text = await readFile((await file.path())!, 'utf8');
  // The test's names hold no comma or quote: a plain split reads them.
  return { name: file.suggestedFilename(), lines: text.trimEnd().split('\r\n').map((line) => line.split(',')) };
}
/** `¥1,234.56` as the CSV writes it: `1234.56`. */
const plain = (shown: string) => shown.replace(/[¥,]/g, '');

describe('console: sign-in and the account list', () => {
  it('signs in with a token: the header names who, the role and the enterprise; the totals and rows show the figures', async () => {
    await seen(() => admin.locator('header').textContent()).toContain(`Enterprise admin · ${ent.name}`);
    const totals = admin.getByRole('region', { name: 'Enterprise totals' });
    await seen(() => totals.textContent()).toContain('Cash balance¥1,284.56');
    await seen(async () => (await rowTexts(admin)).length).toBe(4);
    const member1 = await rowOf(admin, `${ent.name} member 1`).textContent();
    expect(member1).toContain('¥1,234.56');
    expect(await accessibilityProblems(admin)).toEqual([]);
    await screenshot(admin, 'accounts-desktop');
  });

  it('sorts by a column on the server and searches by name', async () => {
    await admin.getByRole('columnheader', { name: 'Available balance' }).click();
    await seen(async () => (await rowTexts(admin)).map((r) => r[2])).toEqual(['¥0.00', '¥0.00', '¥50.00', '¥1,234.56']);
    await admin.getByRole('columnheader', { name: 'Available balance' }).click();
    await seen(async () => (await rowTexts(admin))[0]?.[2]).toBe('¥1,234.56');
    await admin.getByLabel('Search by account name').fill('member 2');
    await admin.getByLabel('Search by account name').press('Enter');
    await seen(async () => (await rowTexts(admin)).map((r) => r[1])).toEqual([expect.stringContaining('member 2')]);
    await admin.getByLabel('Search by account name').fill('');
    await admin.getByLabel('Search by account name').press('Enter');
    await seen(async () => (await rowTexts(admin)).length).toBe(4);
  });

  it('exports this page and all accounts as CSV: named for the enterprise and the day, in the screen\'s words and figures', async () => {
    const shown = await rowTexts(admin);
    const day = new Date().toLocaleDateString('sv'); // YYYY-MM-DD, the day where the browser runs
    const page = await download(admin, /This page/, 'mouse');
    expect(page.name).toBe(`${ent.name}-accounts-page-${day}.csv`);
    const [header, ...rows] = page.lines;
    const titles = (await admin.locator('.account-table thead th').allTextContents()).map((t) => t.trim()).filter((t) => t && t !== 'Operations');
    expect(titles.length).toBeGreaterThan(5);
    for (const title of titles) expect(header).toContainEqual(expect.stringMatching(new RegExp(`^${title}( \\((yuan|days)\\))?$`)));
    const column = (title: string) => header!.indexOf(title);
    // Row by row in the screen's order: the same account, name and figures.
    expect(shown.map((r) => [r[1], plain(r[2]!), plain(r[3]!), plain(r[4]!)])).toEqual(rows.map((r) => [
      expect.stringMatching(new RegExp(`^${r[column('Account')]}.*#${r[column('Account ID')]}$`)),
      ...['Available balance', 'Cash balance', 'Transfer book'].map((t) => r[column(`${t} (yuan)`)]),
    ]));

    const all = await download(admin, /All accounts/, 'keyboard');
    expect(all.name).toBe(`${ent.name}-accounts-${day}.csv`);
    const count = await c.db('accounts').where({ enterprise_id: ent.id }).count<{ count: string }[]>({ count: '*' });
    expect(all.lines.length - 1).toBe(Number(count[0]!.count));
    expect(all.lines[0]).toEqual(header);
  });

  it('sets an alert threshold from the pencil: the typed "1,000.50" is sent strictly and the column says it fired', async () => {
    const name = `${ent.name} member 2`;
    await admin.getByRole('button', { name: `Set alert threshold for ${name}` }).click();
    const drawer = admin.getByRole('dialog', { name: 'Set Alert Threshold for Available Credit' });
    await drawer.getByLabel('Threshold (yuan)').fill('12.345');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await seen(() => drawer.textContent()).toContain('At most two decimal places');
    await drawer.getByLabel('Threshold (yuan)').fill('1,000.50');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await seen(() => rowOf(admin, name).textContent()).toContain('Fired · below ¥1000.50');
    const api = await call(c.api.app, tokens.enterprise_admin, 'GET', `/accounts/${ent.members[1]}/alert`);
    expect(api.body).toMatchObject({ threshold: '1000.50', enabled: true, state: 'fired' });
  });

  it('sets the recovered message and the runway alert with the threshold; the list tags them', async () => {
    const name = `${ent.name} member 2`;
    await admin.getByRole('button', { name: `Set alert threshold for ${name}` }).click();
    const drawer = admin.getByRole('dialog', { name: 'Set Alert Threshold for Available Credit' });
    expect(await drawer.getByLabel('Threshold (yuan)').inputValue()).toBe('1000.50');
    await drawer.getByRole('switch', { name: 'Message when recovered' }).click();
    await drawer.getByLabel('Runway alert').fill('0');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await seen(() => drawer.textContent()).toContain('Enter whole days from 1 to 365');
    await drawer.getByLabel('Runway alert').fill('14');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await seen(() => rowOf(admin, name).textContent()).toContain('Recovered messageRunway < 14 days');
    const api = await call(c.api.app, tokens.enterprise_admin, 'GET', `/accounts/${ent.members[1]}/alert`);
    expect(api.body).toMatchObject({ threshold: '1000.50', enabled: true, recovered: true, runwayDays: 14 });
  });

  it('sets one threshold for the selected rows at once (Batch Set Alert Threshold)', async () => {
    for (const n of [1, 3]) await rowOf(admin, `${ent.name} member ${n}`).getByRole('checkbox').check();
    await admin.getByRole('button', { name: /Low Balance Alert/ }).click();
    const drawer = admin.getByRole('dialog', { name: 'Batch Set Alert Threshold' });
    await drawer.getByLabel('Threshold (yuan)').fill('10');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await seen(() => rowOf(admin, `${ent.name} member 3`).textContent()).toContain('Fired · below ¥10.00');
    expect(await rowOf(admin, `${ent.name} member 1`).textContent()).toContain('On · below ¥10.00');
    for (const [i, state] of [[0, 'armed'], [2, 'fired']] as const) {
      expect((await call(c.api.app, tokens.enterprise_admin, 'GET', `/accounts/${ent.members[i]}/alert`)).body).toMatchObject({ threshold: '10.00', state });
    }
  });

  it('shows the runway: days left at the last 7 days\' spend and the rate per day; "—" without spend', async () => {
    await ledger.consume(c.db, { key: `runway-${ent.id}`, accountId: ent.members[1]!, amount: 7_00n, actor: 'test' });
    await admin.getByRole('button', { name: 'Refresh' }).click();
    const runway = async (n: number) => (await rowTexts(admin)).find((r) => r[1]!.includes(`member ${n}`))?.[5];
    await seen(() => runway(2)).toBe('43.0 days¥1.00/day'); // 43.00 available at 1.00 a day
    expect(await runway(1)).toBe('—');
    expect(await admin.getByRole('columnheader', { name: 'Runway' }).getAttribute('aria-sort')).toBeNull();
  });

  it('shows the funding policies to the enterprise admin, by name and in money, and a policy\'s dry run per member', async () => {
    const [funder, m2, m3] = ent.members as [number, number, number];
    const created = await call(c.api.app, tokens.enterprise_admin, 'POST', `/enterprises/${ent.id}/funding-policies`, {
      fundingAccountId: funder, memberIds: [m2, m3], floor: '100', target: '200', dailyCap: '150', sweepDay: 5,
    });
    expect(created.status).toBe(201);
    await admin.getByRole('button', { name: 'Funding policies' }).click();
    const drawer = admin.getByRole('dialog', { name: 'Funding policies' });
    const row = drawer.getByRole('row').filter({ hasText: '¥150.00' });
    await seen(async () => (await row.locator('td').allTextContents()).slice(0, 7)).toEqual([
      `${ent.name} member 1`, `${ent.name} member 2, ${ent.name} member 3`, '¥100.00', '¥200.00', '¥150.00', 'Day 5', 'Running',
    ]);
    expect(await accessibilityProblems(admin)).toEqual([]);

    await drawer.getByRole('button', { name: `Dry run of the policy funded by ${ent.name} member 1` }).click();
    const dryRun = admin.getByRole('dialog', { name: `Dry run: funded by ${ent.name} member 1` });
    const planned = (await call(c.api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/funding-policies/${created.body.id}/preview`)).body
      .members as Array<{ accountId: number; action: string; amount: string | null }>;
    expect(planned.map((m) => m.action)).toContain('top_up'); // member 2 (43.00) is below the floor
    for (const m of planned) {
      const item = dryRun.getByRole('listitem').filter({ hasText: `member ${ent.members.indexOf(m.accountId) + 1}` });
      await seen(() => item.textContent()).toContain(m.action === 'top_up' ? `Top up ${formatYuan(m.amount!)}` : m.action === 'none' ? 'Nothing' : 'Blocked');
    }
    expect(await accessibilityProblems(admin)).toEqual([]);
    await admin.keyboard.press('Escape');
    await admin.keyboard.press('Escape');
    await dryRun.waitFor({ state: 'hidden' });
  });

  it('shows a member only its own row, without actions it may not take', async () => {
    const page = await openConsole(c);
    await signIn(page, tokens.member);
    await seen(async () => (await rowTexts(page)).length).toBe(1);
    expect(await rowOf(page, `${ent.name} member 1`).count()).toBe(1);
    expect(await page.getByRole('button', { name: /Set alert threshold/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Low Balance Alert|Transfer|Export|Funding policies/ }).count()).toBe(0);
    await page.context().close();
  });

  it('a revoked token empties the screen and says why', async () => {
    const page = await openConsole(c);
    const { token } = await (await import('../../services/principals')).createPrincipal(c.db, { name: 'short-lived', role: 'enterprise_admin', enterpriseId: ent.id });
    await signIn(page, token);
    await seen(async () => (await rowTexts(page)).length).toBe(4);
    await revokePrincipal(c.db, token.slice(0, 12));
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('alert').filter({ hasText: 'not valid or was revoked' }).waitFor();
    expect(await page.getByText('¥1,234.56').count()).toBe(0);
    expect(await page.getByLabel('API token').isVisible()).toBe(true);
    await page.context().close();
  });

  it('a bad token is refused with words, nothing shown', async () => {
    const page = await openConsole(c);
    await page.getByLabel('API token').fill('uam_not-a-token');
    await page.getByLabel('API token').press('Enter');
    await page.getByRole('alert').filter({ hasText: 'not valid or was revoked' }).waitFor();
    await page.context().close();
  });

  it('fits a phone: cards instead of the table, no sideways scrolling, and passes axe', async () => {
    const page = await openConsole(c, PHONE);
    await signIn(page, tokens.enterprise_admin);
    await page.getByRole('list', { name: 'Accounts' }).getByRole('listitem').first().waitFor();
    await screenshot(page, 'accounts-phone');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.context().close();
  });
});
