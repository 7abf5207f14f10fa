import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ledger from '../../db/ledger/operations';
import { setAlerts } from '../../services/alerts';
import { freshId } from '../support';
import { startTestApi, type Tokens } from '../api/support';
import type { FundedEnterprise } from '../transfers/harness';
import { startReceiver, type TestReceiver } from '../webhooks/receiver';
import { accessibilityProblems, adminScene, openConsole, pageWidth, PHONE, screenshot, seen, signIn, type ConsoleHarness } from './browser';

let c: ConsoleHarness;
let ent: FundedEnterprise;
let tokens: Tokens;
let admin: Page;
let receiver: TestReceiver;
let secret = '';

// A receiver on this machine: webhooks over http to loopback are allowed in development only. Deliveries give up
// after a second (the shortest window), so a receiver that keeps failing makes a failed delivery quickly.
const env = { NODE_ENV: 'development', RETRY_BACKOFF_MS: '50', RETRY_BACKOFF_MAX_MS: '200', DELIVERY_GIVE_UP_AFTER_MS: '1000', SMS_PROVIDER: 'sink' };

beforeAll(async () => {
  receiver = await startReceiver(() => secret);
  ({ c, ent, tokens, admin } = await adminScene([100_00n], undefined, { env, notifier: true }));
}, 120_000);
afterAll(async () => {
  await c?.close();
  await receiver?.stop();
});

const menu = (page: Page) => page.getByRole('navigation', { name: 'Screens' });

describe('console: service health for ops', () => {
  it("shows ops each check with its state, each queue's counts, the Temporal UI filtered to the picked enterprise and the queue dashboard", async () => {
    const ops = await openConsole(c);
    await signIn(ops, tokens.ops);
    await menu(ops).getByRole('link', { name: 'Service health' }).click();
    const checks = ops.getByRole('list', { name: 'Dependencies' });
    await seen(() => checks.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^Postgres databaseOKAnswers at 127\.0\.0\.1:5432\//),
      'Database migrationsOKUp to date: no migration is waiting.',
      expect.stringMatching(/^Redis \(queues\)OKAnswers at 127\.0\.0\.1:\d+\.$/),
      expect.stringMatching(/^Temporal \(workflows\)OKAnswers at 127\.0\.0\.1:\d+\.$/),
    ]);
    expect(await ops.getByRole('status').textContent()).toBe('Every check passed.');
    const queues = ops.getByRole('region', { name: 'Queues' });
    expect(await queues.getByRole('columnheader').allTextContents()).toEqual(['Queue', 'Waiting', 'Active', 'Delayed', 'Failed', 'Completed', 'Workers']);
    expect(await queues.getByRole('row').filter({ hasText: 'Message and webhook deliveries' }).getByRole('cell').last().textContent()).toMatch(/^[1-9]/);
    expect(await ops.getByRole('link', { name: /All workflows in the Temporal UI/ }).getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/namespaces\/[^/]+\/workflows$/);

    await ops.getByLabel('Enterprise', { exact: true }).click();
    await ops.getByLabel('Enterprise', { exact: true }).fill(ent.name);
    await ops.getByRole('option', { name: ent.name }).waitFor({ state: 'attached' });
    await ops.getByLabel('Enterprise', { exact: true }).press('Enter');
    const filtered = ops.getByRole('link', { name: `${ent.name}'s workflows in the Temporal UI (opens in a new tab)` });
    await seen(() => filtered.getAttribute('href')).toContain(`/workflows?query=${encodeURIComponent(`EnterpriseId="${ent.id}"`)}`);
    expect(await ops.getByRole('button', { name: 'Queue dashboard' }).count()).toBe(2); // the header's and the screen's
    expect(await accessibilityProblems(ops)).toEqual([]);
    await screenshot(ops, 'ops-desktop');
    await ops.getByRole('button', { name: 'Refresh' }).click();
    await seen(() => ops.getByRole('status').textContent()).toBe('Every check passed.');

    await ops.setViewportSize(PHONE);
    expect(await pageWidth(ops)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(ops, 'ops-phone');
    await ops.context().close();
  });

  it('tells ops in words which dependency is down, and that queue counts are unavailable', async () => {
    // A second API whose Temporal and Redis addresses answer nothing (the checks reach each dependency afresh from
    // the configuration, as `uam doctor` does); it serves the same console over the same database.
    const down = await startTestApi({ db: c.db, env: { TEMPORAL_ADDRESS: '127.0.0.1:1', REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const origin = await down.app.listen({ port: 0, host: '127.0.0.1' });
      const ops = await c.browser.newPage({ viewport: { width: 1440, height: 900 } });
      await ops.goto(`${origin}/console/#/ops`);
      await signIn(ops, tokens.ops);
      const checks = ops.getByRole('list', { name: 'Dependencies' });
      await seen(() => ops.getByRole('status').textContent()).toBe('2 problem(s) found.');
      const item = (name: string) => checks.getByRole('listitem').filter({ hasText: name }).innerText();
      expect(await item('Temporal (workflows)')).toContain('Problem');
      expect(await item('Temporal (workflows)')).toContain('Does not answer at 127.0.0.1:1.');
      expect(await item('Redis (queues)')).toContain('Does not answer at 127.0.0.1:1.');
      expect(await item('Postgres database')).toContain('OK');
      expect(await ops.getByText('Queue counts unavailable: Redis does not answer.').count()).toBe(1);
      expect(await accessibilityProblems(ops)).toEqual([]);
      await ops.context().close();
    } finally {
      await down.close();
    }
  });

  it('is absent for every other role: not in the menu, and #/ops shows the account list', async () => {
    for (const role of ['enterprise_admin', 'account_manager', 'member'] as const) {
      const page = await openConsole(c);
      await signIn(page, tokens[role]);
      await page.goto(`${c.origin}/console/#/ops`);
      // The account list: staff first pick the enterprise it shows.
      await (role === 'account_manager' ? page.getByLabel('Enterprise', { exact: true }) : page.getByRole('heading', { name: 'Accounts' })).waitFor();
      expect([role, await page.getByRole('link', { name: 'Service health' }).count()]).toEqual([role, 0]);
      expect(await page.getByText('Dependencies').count()).toBe(0);
      await page.context().close();
    }
  });
});

describe('console: webhooks for the enterprise admin', () => {
  it('refuses a bad address in words next to the field, and registers nothing', async () => {
    await menu(admin).getByRole('link', { name: 'Webhooks' }).click();
    await admin.getByRole('button', { name: 'Register an endpoint' }).click();
    const drawer = admin.getByRole('dialog', { name: 'Register an endpoint' });
    await drawer.getByRole('button', { name: 'Register' }).click();
    await seen(() => drawer.textContent()).toContain("Enter the endpoint's URL.");
    expect(await drawer.textContent()).toContain('Choose at least one event.');
    await drawer.getByLabel('Endpoint URL').fill('http://hooks.example.com/uam');
    await drawer.getByRole('checkbox', { name: 'Low balance alert' }).check();
    await drawer.getByRole('button', { name: 'Register' }).click();
    await seen(() => drawer.getByText('The address must start with https://.').count()).toBe(1);
    expect(await accessibilityProblems(admin, '[role=dialog]')).toEqual([]);
    await drawer.getByRole('button', { name: 'Cancel' }).click();
    await seen(() => admin.getByText('No endpoints yet.').count()).toBe(1);
  });

  it('registers an endpoint, shows its secret once, lists the delivery of an event, and resends it after the endpoint is enabled again', async () => {
    await menu(admin).getByRole('link', { name: 'Webhooks' }).click();
    await admin.getByRole('button', { name: 'Register an endpoint' }).click();
    const drawer = admin.getByRole('dialog', { name: 'Register an endpoint' });
    await drawer.getByLabel('Endpoint URL').fill(receiver.url);
    await drawer.getByRole('checkbox', { name: 'Low balance alert' }).check();
    await drawer.getByRole('button', { name: 'Register' }).click();
    const shown = admin.getByRole('dialog', { name: 'Endpoint registered: its signing secret' });
    await seen(() => shown.getByRole('alert').textContent()).toBe('Copy the secret now and keep it on your server: it will not be shown again.');
    secret = /whsec_[0-9a-f]{64}/.exec((await shown.locator('code').textContent()) ?? '')?.[0] ?? '';
    expect(secret).not.toBe('');
    await shown.getByRole('button', { name: 'Copy secret' }).click();
    await screenshot(admin, 'webhooks-secret');
    await shown.getByRole('button', { name: 'I have kept it' }).click();
    const item = admin.getByRole('listitem').filter({ hasText: receiver.url });
    await seen(() => item.textContent()).toContain('Low balance alert');
    expect(await item.textContent()).toContain('Enabled');
    expect(await admin.locator('body').textContent()).not.toContain(secret);

    // An event the endpoint wants, while the receiver answers 500 until the delivery's window (1 s) runs out.
    receiver.failures = 1_000_000;
    const member = ent.members[0]!;
    await setAlerts(c.db, ent.admin, [member], { threshold: '50' });
    await ledger.consume(c.db, { key: freshId('charge'), accountId: member, amount: 60_00n, actor: 'test' });
    await item.getByRole('button', { name: `Deliveries of ${receiver.url}` }).click();
    const deliveries = admin.getByRole('region', { name: `Deliveries of ${receiver.url}` });
    const row = deliveries.getByRole('row').filter({ hasText: 'Low balance alert' });
    await seen(() => row.textContent()).toContain('Failed');
    const failedAttempts = Number(await row.getByRole('cell').nth(2).textContent());
    expect(failedAttempts).toBeGreaterThanOrEqual(1);
    expect(await row.textContent()).toContain('HTTP 500');
    const eventId = `alert:${member}:1`;
    expect(await row.textContent()).toContain(eventId);
    expect(receiver.received.every((r) => r.verified && r.id === eventId)).toBe(true);

    await seen(() => item.textContent()).toContain('Failing since');

    // Resent while the receiver still fails, after failing for the whole window: the endpoint is disabled, and says why.
    await row.getByRole('button', { name: `Resend ${eventId}` }).click();
    await seen(() => item.textContent()).toContain('Disabled since');
    expect(await item.textContent()).toMatch(/every delivery failed from .+ on\./);
    await seen(() => row.textContent()).toContain('Failed');
    expect(await row.getByRole('button', { name: /Resend/ }).count()).toBe(0);
    const attempts = Number(await row.getByRole('cell').nth(2).textContent());
    expect(attempts).toBeGreaterThan(failedAttempts);

    // Enabled again, with the receiver back: the resent delivery arrives, a further attempt recorded.
    receiver.failures = 0;
    await item.getByRole('button', { name: `Enable ${receiver.url}` }).click();
    await seen(() => item.textContent()).toContain('Enabled');
    await row.getByRole('button', { name: `Resend ${eventId}` }).click();
    await seen(() => row.textContent()).toContain('Delivered');
    expect(Number(await row.getByRole('cell').nth(2).textContent())).toBe(attempts + 1);
    expect(await row.textContent()).toContain('2xx (delivered)');
    expect(receiver.received.at(-1)).toMatchObject({ id: eventId, verified: true, status: 200 });
    expect(await accessibilityProblems(admin)).toEqual([]);
    await screenshot(admin, 'webhooks-desktop');
    await admin.setViewportSize(PHONE);
    expect(await pageWidth(admin)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(admin, 'webhooks-phone');
  });
});
