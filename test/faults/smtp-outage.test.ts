import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../core/config';
import { createDb } from '../../db/connection';
import { consume, topUp } from '../../db/ledger/operations';
import { deliveryJobId } from '../../notifications/delivery-processor';
import { NOTIFICATION_KIND } from '../../notifications/notification-target';
import { call, startTestApi, tokensFor, type Api } from '../api/support';
import { startPipeline, type Pipeline } from '../alerts/pipeline';
import { startTestSmtp, type TestSmtp } from '../alerts/smtp';
import { brokenInvariants } from '../ledger/invariants';
import { createTestEnterprise, freshId, testConfig, type TestEnterprise } from '../support';
import { auditMessages } from './messages';

/**
 * The SMTP server down for longer than the old retry budget (5 attempts, about 15 s). Only the backoff is
 * shortened, by configuration (RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS), so the test waits seconds, not minutes;
 * the retry budget is the production one unless a test says otherwise.
 */
const db = createDb(testConfig());
let smtp: TestSmtp;
let pipeline: Pipeline | undefined;
let api: Api | undefined;
const FAST = { RETRY_BACKOFF_MS: '200', RETRY_BACKOFF_MAX_MS: '2000' };
let down = false;
const serverDown = async () => {
  await smtp.stop();
  down = true;
};
const serverBack = async () => {
  await smtp.start();
  down = false;
};

beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterEach(async () => {
  await api?.close();
  await pipeline?.close();
  [api, pipeline] = [undefined, undefined];
  if (down) await serverBack(); // a failed test may leave it down
});
afterAll(async () => {
  await smtp.stop();
  await db.destroy();
});

async function overdrawnEnterprise(members: number): Promise<TestEnterprise> {
  const ent = await createTestEnterprise(db, { members });
  for (const m of ent.members) {
    await topUp(db, { key: freshId('top-up'), accountId: m, amount: 10_00n, actor: 'test' });
    await consume(db, { key: freshId('use'), accountId: m, amount: 20_00n, actor: 'test' }); // stopped: a message to it and the MA
  }
  return ent;
}

const statuses = async (ent: TestEnterprise, channel = 'email') =>
  (await db('notifications').where({ enterprise_id: ent.id, channel }).orderBy('id').select('status', 'attempts', 'last_error', 'id'));

describe('an SMTP outage', () => {
  it('production retries for hours: a day before a message is given up, backoff capped at minutes', () => {
    const { retry, queues } = loadConfig({});
    expect(retry).toEqual({ backoffMs: 1000, maxBackoffMs: 300_000, giveUpAfterMs: 86_400_000, leaseMs: 120_000 });
    expect(queues).toEqual({ lockMs: 30_000, redriveAfterMs: 120_000, redriveIntervalMs: 60_000 });
  });

  it('longer than the old retry budget: every message is delivered once when the server is back', async () => {
    pipeline = await startPipeline(db, testConfig({ ...FAST, SMTP_URL: smtp.url }));
    await serverDown();
    const ent = await overdrawnEnterprise(3);
    await vi.waitFor(async () => expect((await statuses(ent)).map((n) => n.status)).toEqual(Array(6).fill('retrying')), { timeout: 20_000, interval: 200 });
    await new Promise((resolve) => setTimeout(resolve, 20_000)); // the old budget gave up after about 15 s
    expect((await statuses(ent)).every((n) => n.status === 'retrying' && n.attempts >= 6)).toBe(true);
    await serverBack();

    await vi.waitFor(async () => expect((await statuses(ent)).map((n) => n.status)).toEqual(Array(6).fill('sent')), { timeout: 20_000, interval: 200 });
    expect(await auditMessages(db, smtp.received, [ent.id])).toMatchObject({ events: 3, messages: 9, lost: [], duplicated: [], stuck: [] });
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  }, 90_000);

  it('past the retry budget a message fails; ops re-drive it (dashboard Retry, or the API) and each is sent once', async () => {
    const env = { ...FAST, RETRY_BACKOFF_MAX_MS: '500', DELIVERY_GIVE_UP_AFTER_MS: '2000', SMTP_URL: smtp.url };
    pipeline = await startPipeline(db, testConfig(env));
    await serverDown();
    const ent = await overdrawnEnterprise(2);
    await vi.waitFor(async () => expect((await statuses(ent)).map((n) => n.status)).toEqual(Array(4).fill('failed')), { timeout: 20_000, interval: 200 });
    for (const n of await statuses(ent)) expect(n.last_error).toMatch(/^gave up after \d+ attempts: .*ECONNREFUSED/);
    expect((await statuses(ent, 'sms')).map((n) => n.status)).toEqual(['sent', 'sent']); // the SMS provider was up
    await serverBack();

    // The queue dashboard's Retry on one failed delivery job re-drives that message.
    const [first, ...rest] = await statuses(ent);
    const job = (await pipeline.queues.deliveries.getJob(deliveryJobId(NOTIFICATION_KIND, BigInt(first!.id))))!;
    expect(await job.getState()).toBe('failed');
    await job.retry('failed');
    await vi.waitFor(async () => expect((await statuses(ent))[0]!.status).toBe('sent'), { timeout: 20_000, interval: 100 });

    // The API (`uam notifications retry --failed --since …`) re-drives the rest, and only failed ones.
    api = await startTestApi({ env, queues: pipeline.queues, db });
    const tokens = await tokensFor(db, ent);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const refused = await call(api.app, tokens.enterprise_admin, 'POST', '/notifications/retry', { status: 'failed', since });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const bad = await call(api.app, tokens.ops, 'POST', '/notifications/retry', { status: 'failed', since: 'yesterday' });
    expect([bad.status, bad.body.error.details.field]).toEqual([400, 'since']);
    const redriven = await call(api.app, tokens.ops, 'POST', '/notifications/retry', { status: 'failed', since, enterpriseId: ent.id });
    expect(redriven.body).toEqual({ retried: 3, ids: rest.map((n) => String(n.id)), more: false });
    await vi.waitFor(async () => expect((await statuses(ent)).map((n) => n.status)).toEqual(Array(4).fill('sent')), { timeout: 20_000, interval: 100 });
    const again = await call(api.app, tokens.ops, 'POST', '/notifications/retry', { status: 'failed', since, enterpriseId: ent.id });
    expect(again.body).toEqual({ retried: 0, ids: [], more: false });

    expect(await auditMessages(db, smtp.received, [ent.id])).toMatchObject({ events: 2, messages: 6, lost: [], duplicated: [], stuck: [] });
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  }, 90_000);
});
