import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../db/connection';
import * as ledger from '../../db/ledger/operations';
import { listNotifications } from '../../db/notifications';
import { setAlerts } from '../../services/alerts';
import { createWebhook, enableWebhook, listWebhookDeliveries, listWebhooks, resendWebhookDelivery, type WebhookDeps } from '../../services/webhooks';
import { checkWebhookUrl } from '../../notifications/webhook-url';
import { adminOf, memberOf, startPipeline, type Pipeline } from '../alerts/pipeline';
import { createTestEnterprise, freshId, testConfig, type TestEnterprise } from '../support';
import { startReceiver, type TestReceiver } from './receiver';
import { scrapeProcess } from '../ops/metrics-support';

// A receiver on this machine: http to loopback is allowed in development only.
const config = testConfig({ NODE_ENV: 'development', RETRY_BACKOFF_MS: '50', RETRY_BACKOFF_MAX_MS: '200', SMS_PROVIDER: 'sink' });
const db = createDb(config);
let pipeline: Pipeline;
let receiver: TestReceiver;
let secret = '';
let ent: TestEnterprise;
let member: number;
const deps = (): WebhookDeps => ({ db, config, queues: pipeline.queues });
const admin = () => adminOf(ent.id, ent.ma);
const wait = { timeout: 30_000, interval: 50 };

beforeAll(async () => {
  receiver = await startReceiver(() => secret);
});
afterAll(async () => {
  await receiver.stop();
  await db.destroy();
});
beforeEach(async () => {
  pipeline = await startPipeline(db, config);
  ent = await createTestEnterprise(db, { members: 2 });
  member = ent.members[0]!;
  receiver.received.length = 0;
  receiver.failures = 0;
});
afterEach(async () => {
  await pipeline.close();
});

async function register(events = ['alert.low_balance']) {
  const created = await createWebhook(deps(), admin(), ent.id, { url: receiver.url, events });
  secret = created.secret;
  return created;
}

/** Takes the member below a threshold of 50: one low-balance event. */
async function lowBalance() {
  await ledger.topUp(db, { key: freshId('k'), accountId: member, amount: 100_00n, actor: 'test' });
  await setAlerts(db, admin(), [member], { threshold: '50' });
  await ledger.consume(db, { key: freshId('k'), accountId: member, amount: 60_00n, actor: 'test' });
  return `alert:${member}:1`;
}

describe('webhook endpoints', () => {
  it('shows the secret once; lists endpoints without it; only the enterprise admin manages them', async () => {
    const created = await register(['alert.low_balance', 'transfer.completed']);
    expect(created).toMatchObject({ enterpriseId: ent.id, url: receiver.url, events: ['alert.low_balance', 'transfer.completed'], status: 'active' });
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const listed = await listWebhooks(deps(), admin(), ent.id);
    expect(listed.map((w) => w.id)).toEqual([created.id]);
    expect(JSON.stringify(listed, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(created.secret);
    await expect(createWebhook(deps(), memberOf(ent.id, member), ent.id, { url: receiver.url, events: ['alert.low_balance'] }))
      .rejects.toMatchObject({ code: 'FORBIDDEN' });
    const other = await createTestEnterprise(db);
    await expect(listWebhooks(deps(), admin(), other.id)).rejects.toMatchObject({ code: 'ENTERPRISE_NOT_FOUND' });
  });

  it('refuses bad input with the field named, and registers nothing', async () => {
    const refused = (input: { url?: unknown; events?: unknown }) => createWebhook(deps(), admin(), ent.id, input);
    await expect(refused({ url: receiver.url, events: ['nope'] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'events' } });
    await expect(refused({ url: 'not a url', events: ['alert.low_balance'] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'url' } });
    await expect(refused({ url: 'http://example.com/hook', events: ['alert.low_balance'] }))
      .rejects.toMatchObject({ code: 'WEBHOOK_URL_NOT_ALLOWED', details: { field: 'url', reason: 'not_https' } });
    await expect(refused({ url: 'https://user:pw@example.com/hook', events: ['alert.low_balance'] }))
      .rejects.toMatchObject({ code: 'WEBHOOK_URL_NOT_ALLOWED', details: { reason: 'credentials' } });
    expect(await listWebhooks(deps(), admin(), ent.id)).toEqual([]);
  });

  it('in production: https only, and never a private network, however the host is written or resolves', async () => {
    const resolver = (addresses: string[]) => async () => addresses;
    const check = (url: string, addresses: string[] = []) => checkWebhookUrl(url, 'production', resolver(addresses));
    await expect(check('http://127.0.0.1:8080/hook')).rejects.toMatchObject({ details: { reason: 'not_https' } });
    for (const url of ['https://127.0.0.1/hook', 'https://10.1.2.3/hook', 'https://[::1]/hook', 'https://[fd00::1]/hook', 'https://169.254.169.254/latest']) {
      await expect(check(url), url).rejects.toMatchObject({ code: 'WEBHOOK_URL_NOT_ALLOWED', details: { reason: 'private_network' } });
    }
    await expect(check('https://hooks.example.com/x', ['93.184.216.34', '192.168.1.5'])).rejects.toMatchObject({ details: { reason: 'private_network' } });
    await expect(check('https://hooks.example.com/x', ['::ffff:10.0.0.1'])).rejects.toMatchObject({ details: { reason: 'private_network' } });
    expect(await check('https://hooks.example.com/x', ['93.184.216.34'])).toBe('https://hooks.example.com/x');
    await expect(checkWebhookUrl('http://127.0.0.1/hook', 'test')).rejects.toMatchObject({ details: { reason: 'not_https' } });
  });
});

describe('webhook deliveries', () => {
  it('delivers each event signed, retries through a failing receiver, and records every attempt; one success per event id', async () => {
    const hook = await register();
    receiver.failures = 2;
    const before = await scrapeProcess();
    const eventId = await lowBalance();
    await vi.waitFor(() => expect(receiver.received.filter((r) => r.status === 200)).toHaveLength(1), wait);
    expect(receiver.received.map((r) => [r.id, r.status, r.verified])).toEqual([[eventId, 500, true], [eventId, 500, true], [eventId, 200, true]]);
    expect(JSON.parse(receiver.received[2]!.body)).toEqual({
      id: eventId, type: 'alert.low_balance', enterpriseId: ent.id,
      data: { accountId: member, enterpriseId: ent.id, available: '4000', threshold: '5000', stopped: false },
    });
    await vi.waitFor(async () => {
      const [delivery] = await listWebhookDeliveries(deps(), admin(), ent.id, hook.id, { limit: 10 });
      expect(delivery).toMatchObject({ eventKey: eventId, topic: 'alert.low_balance', status: 'sent' });
      expect(delivery!.attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'retryable'], [2, 'retryable'], [3, 'sent']]);
      expect(delivery!.attempts[0]!.error).toBe('the endpoint answered HTTP 500');
    }, wait);
    const after = await scrapeProcess();
    const moved = (outcome: string) => after(`uam_webhook_deliveries_total{outcome="${outcome}"}`) - before(`uam_webhook_deliveries_total{outcome="${outcome}"}`);
    expect([moved('retryable'), moved('sent')]).toEqual([2, 1]);

    // The event handled again (a relay that ran twice, a dashboard Retry) delivers nothing new, and a delivered one cannot be resent.
    await pipeline.queues.notifications.add('alert.low_balance', { dedupeKey: eventId, payload: { accountId: member, enterpriseId: ent.id, available: '4000', threshold: '5000' } }, { jobId: freshId('again') });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const deliveries = await listWebhookDeliveries(deps(), admin(), ent.id, hook.id, { limit: 10 });
    expect(deliveries).toHaveLength(1);
    expect(receiver.received.filter((r) => r.status === 200)).toHaveLength(1);
    await expect(resendWebhookDelivery(deps(), admin(), ent.id, hook.id, deliveries[0]!.id)).rejects.toMatchObject({ code: 'INVALID_STATE', details: { status: 'sent' } });
  });

  it('an endpoint failing for the whole window is disabled and the enterprise told; enabled again, the failed delivery is resent once', async () => {
    const hook = await register();
    receiver.failures = 1_000;
    const eventId = await lowBalance();
    await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThanOrEqual(2), wait);
    // Time skip: the endpoint has been failing, and this delivery retrying, for a day.
    await db('webhook_endpoints').where({ id: hook.id.toString() }).update({ failing_since: db.raw(`now() - interval '25 hours'`) });
    await db('webhook_deliveries').where({ endpoint_id: hook.id.toString() }).update({ give_up_at: db.raw(`now() - interval '1 second'`) });

    await vi.waitFor(async () => expect((await listWebhooks(deps(), admin(), ent.id))[0]).toMatchObject({ status: 'disabled' }), wait);
    const [disabled] = await listWebhooks(deps(), admin(), ent.id);
    expect(disabled!.disabledReason).toMatch(/^every delivery failed from \d{4}-\d\d-\d\dT[\d:]+Z for 24 h$/);
    await vi.waitFor(async () => {
      const told = (await listNotifications(db, ent.ma)).items.filter((n) => n.topic === 'webhook.disabled');
      expect(told.map((n) => n.channel).sort()).toEqual(['email', 'sms']);
      expect(told[0]!.subject).toBe(`Webhook endpoint disabled: ${receiver.url}`);
    }, wait);
    const [failed] = await listWebhookDeliveries(deps(), admin(), ent.id, hook.id, { limit: 10 });
    await vi.waitFor(async () => expect((await listWebhookDeliveries(deps(), admin(), ent.id, hook.id, { limit: 10 }))[0]!.status).toBe('failed'), wait);
    await expect(resendWebhookDelivery(deps(), admin(), ent.id, hook.id, failed!.id)).rejects.toMatchObject({ code: 'INVALID_STATE', details: { status: 'disabled' } });

    receiver.failures = 0;
    expect(await enableWebhook(deps(), admin(), ent.id, hook.id)).toMatchObject({ status: 'active', failingSince: null, disabledAt: null });
    await resendWebhookDelivery(deps(), admin(), ent.id, hook.id, failed!.id);
    await vi.waitFor(async () => expect((await listWebhookDeliveries(deps(), admin(), ent.id, hook.id, { limit: 10 }))[0]!.status).toBe('sent'), wait);
    expect(receiver.received.filter((r) => r.status === 200).map((r) => [r.id, r.verified])).toEqual([[eventId, true]]);
    await expect(resendWebhookDelivery(deps(), admin(), ent.id, hook.id, 999_999_999n)).rejects.toMatchObject({ code: 'WEBHOOK_NOT_FOUND' });
  });

  it('sends only the events an endpoint asked for', async () => {
    await register(['transfer.completed']);
    await lowBalance();
    await vi.waitFor(async () => expect((await listNotifications(db, member)).items.length).toBeGreaterThan(0), wait);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toEqual([]);
  });
});
