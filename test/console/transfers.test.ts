import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrincipal } from '../../services/principals';
import { call, type Tokens } from '../api/support';
import type { FundedEnterprise } from '../transfers/harness';
import { accessibilityProblems, adminScene, listRow, openConsole, screenshot, seen, signIn, type ConsoleHarness } from './browser';

let c: ConsoleHarness;
let ent: FundedEnterprise;
let tokens: Tokens;
let admin: Page;

beforeAll(async () => {
  ({ c, ent, tokens, admin } = await adminScene([500_00n, 0n, 0n]));
}, 120_000);
afterAll(async () => c?.close());

const member = (n: number) => `${ent.name} member ${n}`;
const figures = async (id: number) => (await call(c.api.app, tokens.enterprise_admin, 'GET', `/accounts/${id}`)).body;

/** Operations → Transfer on a row, then the other account chosen by typing part of its name. */
async function openPanel(page: Page, on: string, kind: 'Transfer' | 'Withdraw', other: string) {
  await page.getByRole('button', { name: `Transfer ${on}` }).click();
  const panel = page.getByRole('dialog', { name: `Transfer · ${on}` });
  await panel.getByRole('radiogroup', { name: 'Transfer Type' }).getByText(kind, { exact: true }).click();
  expect(await panel.getByRole('radio', { name: kind }).isChecked()).toBe(true);
  const picker = panel.getByLabel(kind === 'Transfer' ? 'Transfer to' : 'Withdraw from');
  await picker.fill(other.slice(-8));
  // The keyboard's way: once the API's search answered with the account, Enter picks it.
  await page.getByRole('option', { name: other }).waitFor({ state: 'attached' });
  await picker.press('Enter');
  return panel;
}

/** Whether the element has the keyboard's focus (typed structurally: the test process has no DOM types). */
const focused = (target: Locator) => target.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement);

/**
 * Presses Tab (as a person does, never the mouse) until `target` has the focus; fails if it does not get there
 * within `most` presses (a few within the panel: its focus stays there, in reading order).
 */
async function tabTo(page: Page, target: Locator, most = 40): Promise<void> {
  for (let i = 0; i < most; i++) {
    if (await target.count() === 1 && await focused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${most} presses of Tab never reached ${target.toString()}`);
}

describe('console: the transfer panel and approvals', () => {
  it('transfers: shows the maximum and why, refuses more, reviews, then follows the transfer to done', async () => {
    const panel = await openPanel(admin, member(1), 'Transfer', member(2));
    await seen(() => panel.getByRole('status').first().textContent()).toContain('At most ¥500.00');
    await panel.getByLabel('Amount (yuan)').fill('600');
    await panel.getByRole('button', { name: 'Review' }).click();
    await seen(() => panel.textContent()).toContain('More than the ¥500.00 allowed now.');
    await panel.getByLabel('Amount (yuan)').fill('1,20.50');
    await seen(() => panel.textContent()).toContain('Enter an amount such as 1,000.50.');
    await panel.getByLabel('Amount (yuan)').fill('120.50');
    await panel.getByRole('button', { name: 'Review' }).click();
    await seen(() => panel.textContent()).toContain('After: available ¥379.50');
    expect(await panel.textContent()).toContain('After: available ¥120.50');
    expect(await accessibilityProblems(admin, '[role=dialog]')).toEqual([]);
    await screenshot(admin, 'transfer-review');
    await panel.getByRole('button', { name: 'Confirm' }).click();
    await seen(() => panel.getByRole('status').textContent()).toContain(`Done: ¥120.50 moved from ${member(1)} to ${member(2)}.`);
    await panel.getByRole('button', { name: 'Close' }).last().click();
    await seen(() => admin.getByRole('row').filter({ hasText: member(2) }).textContent()).toContain('¥120.50');
    expect(await figures(ent.members[1]!)).toMatchObject({ transferBook: '120.50', available: '120.50' });
    expect(await figures(ent.members[0]!)).toMatchObject({ ownCash: '379.50' });
  });

  it('withdraws only what was sent, saying so when there is nothing', async () => {
    const empty = await openPanel(admin, member(1), 'Withdraw', member(3));
    await seen(() => empty.getByRole('status').first().textContent()).toContain(`${member(3)} holds nothing transferred by ${member(1)}`);
    await empty.getByRole('button', { name: 'Cancel' }).click();
    const panel = await openPanel(admin, member(1), 'Withdraw', member(2));
    await seen(() => panel.getByRole('status').first().textContent()).toContain('At most ¥120.50');
    await panel.getByLabel('Amount (yuan)').fill('20');
    await panel.getByLabel('Amount (yuan)').press('Enter');
    await panel.getByRole('button', { name: 'Confirm' }).click();
    await seen(() => panel.getByRole('status').textContent()).toContain(`Done: ¥20.00 moved from ${member(2)} to ${member(1)}.`);
    await panel.getByRole('button', { name: 'Close' }).last().click();
    expect(await figures(ent.members[1]!)).toMatchObject({ transferBook: '100.50' });
    expect(await figures(ent.members[0]!)).toMatchObject({ ownCash: '399.50' });
  });

  it('above the threshold: a notice, waits for a second admin who approves from the list; the starter sees it live', async () => {
    await c.db('enterprises').where({ id: ent.id }).update({ dual_control_threshold: 100_00n });
    const second = await createPrincipal(c.db, { name: 'Second Admin', role: 'enterprise_admin', enterpriseId: ent.id });
    const panel = await openPanel(admin, member(1), 'Transfer', member(3));
    await panel.getByLabel('Amount (yuan)').fill('150');
    await panel.getByRole('button', { name: 'Review' }).click();
    await seen(() => panel.textContent()).toContain('another admin must approve it');
    await panel.getByRole('button', { name: 'Confirm' }).click();
    await seen(() => panel.getByRole('status').textContent()).toContain('Waiting for another admin to approve.');

    const pending = await call(c.api.app, second.token, 'GET', '/approvals');
    expect(pending.body.items).toMatchObject([{ kind: 'transfer', amount: '150.00', fromAccountId: ent.members[0], stage: 'awaiting_approval' }]);

    const other = await openConsole(c);
    await signIn(other, second.token);
    await other.getByRole('button', { name: /Approvals/ }).click();
    const list = other.getByRole('dialog', { name: 'Waiting for approval' });
    await list.getByRole('button', { name: /^Approve: Transfer of ¥150.00/ }).click();
    await seen(() => panel.getByRole('status').textContent()).toContain(`Done: ¥150.00 moved from ${member(1)} to ${member(3)}.`);
    expect(await figures(ent.members[2]!)).toMatchObject({ transferBook: '150.00' });
    await other.context().close();
    await c.db('enterprises').where({ id: ent.id }).update({ dual_control_threshold: null });
  });

  it('offers the starter no approve or reject on its own request', async () => {
    await c.db('enterprises').where({ id: ent.id }).update({ dual_control_threshold: 10_00n });
    await admin.getByRole('button', { name: 'Close' }).last().click();
    const panel = await openPanel(admin, member(1), 'Transfer', member(2));
    await panel.getByLabel('Amount (yuan)').fill('11');
    await panel.getByRole('button', { name: 'Review' }).click();
    await panel.getByRole('button', { name: 'Confirm' }).click();
    await seen(() => panel.getByRole('status').textContent()).toContain('Waiting for another admin');
    await panel.getByRole('button', { name: 'Close' }).last().click();
    await seen(() => admin.getByRole('button', { name: /Approvals/ }).textContent()).toContain('1');
    await admin.getByRole('button', { name: /Approvals/ }).click();
    const list = admin.getByRole('dialog', { name: 'Waiting for approval' });
    await seen(() => list.textContent()).toContain('Started by you: another admin decides.');
    expect(await list.getByRole('button', { name: /^Approve|^Reject/ }).count()).toBe(0);
    await c.db('enterprises').where({ id: ent.id }).update({ dual_control_threshold: null });
  });

  it('is done with the keyboard alone: sign in, open the panel, pick the account, review, confirm, see the figures change', async () => {
    const page = await openConsole(c);
    await tabTo(page, page.getByLabel('API token'));
    await page.keyboard.type(tokens.enterprise_admin);
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: `Transfer ${member(1)}` }));
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: `Transfer · ${member(1)}` });
    await tabTo(page, panel.getByRole('radio', { name: 'Transfer' }), 4);
    await page.keyboard.press('ArrowRight');
    expect(await panel.getByRole('radio', { name: 'Withdraw' }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await panel.getByRole('radio', { name: 'Transfer' }).isChecked()).toBe(true);
    await tabTo(page, panel.getByLabel('Transfer to'), 4);
    await page.keyboard.type(member(2).slice(-8));
    await page.getByRole('option', { name: member(2) }).waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await seen(() => panel.getByRole('status').first().textContent()).toContain('At most');
    await tabTo(page, panel.getByLabel('Amount (yuan)'), 4);
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    await seen(() => panel.textContent()).toContain('After: available ¥110.50');
    await tabTo(page, panel.getByRole('button', { name: 'Confirm' }), 4);
    await page.keyboard.press('Enter');
    await seen(() => panel.getByRole('status').textContent()).toContain(`Done: ¥10.00 moved from ${member(1)} to ${member(2)}.`);
    await page.keyboard.press('Escape');
    await seen(() => listRow(page, member(2)).textContent()).toContain('¥110.50');
    expect(await figures(ent.members[1]!)).toMatchObject({ transferBook: '110.50', available: '110.50' });
    await page.context().close();
  });
});
