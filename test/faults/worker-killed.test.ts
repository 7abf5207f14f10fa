import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../core/config';
import { createDb } from '../../db/connection';
import { consume, topUp } from '../../db/ledger/operations';
import { listNotifications } from '../../db/notifications';
import { startPipeline, type Pipeline } from '../alerts/pipeline';
import { startTestSmtp, type TestSmtp } from '../alerts/smtp';
import { brokenInvariants } from '../ledger/invariants';
import { createTestEnterprise, emailOf as emailAddressOf, freshId, testConfig, type TestEnterprise } from '../support';
import { auditMessages } from './messages';
import { spawnScript, type Child } from './spawn-process';

/**
 * The notifier SIGKILLed in the middle of sending. Locks and leases are shortened by configuration (QUEUE_LOCK_MS,
 * DELIVERY_LEASE_MS) so the takeover comes within seconds; production waits 30 s and 2 minutes.
 */
const db = createDb(testConfig());
let smtp: TestSmtp;
let config: Config;
const pipelines: Pipeline[] = [];
let child: Child | undefined;
const wait = { timeout: 45_000, interval: 200 };

beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterEach(async () => {
  await child?.kill();
  for (const p of pipelines.splice(0)) await p.close();
});
afterAll(async () => {
  await smtp.stop();
  await db.destroy();
});

async function setUp(): Promise<TestEnterprise> {
  config = testConfig({ SMTP_URL: smtp.url, QUEUE_LOCK_MS: '1000', DELIVERY_LEASE_MS: '2000', RETRY_BACKOFF_MS: '100', RETRY_BACKOFF_MAX_MS: '1000' });
  pipelines.push(await startPipeline(db, config, { notifier: false })); // relay and alert checks here; the notifier in its own process
  const ent = await createTestEnterprise(db, { members: 4 });
  for (const member of ent.members) await topUp(db, { key: freshId('top-up'), accountId: member, amount: 10_00n, actor: 'test' });
  return ent;
}

const notifierProcess = (env: Record<string, string> = {}) => spawnScript('./notifier-process.ts', {
  DATABASE_URL: config.databaseUrl, REDIS_URL: config.redisUrl, QUEUE_PREFIX: config.queuePrefix, SMTP_URL: smtp.url,
  QUEUE_LOCK_MS: '1000', DELIVERY_LEASE_MS: '2000', RETRY_BACKOFF_MS: '100', RETRY_BACKOFF_MAX_MS: '1000', ...env,
});

/** Every member overdraws: one 'account.stopped' event each, to the member and the MA account. */
const stopEveryone = async (ent: TestEnterprise) => {
  for (const member of ent.members) await consume(db, { key: freshId('use'), accountId: member, amount: 20_00n, actor: 'test' });
};

const emailOf = async (id: number) => (await emailAddressOf(db, id)).toLowerCase();
const messageTo = async (accountId: number, address: string) =>
  (await listNotifications(db, accountId)).items.find((n) => n.recipient.toLowerCase() === address)!;

describe('a notifier killed while sending', () => {
  it('mid-send, before the SMTP server accepted: the message is taken over after the lease and sent once', async () => {
    const ent = await setUp();
    const target = await emailOf(ent.members[0]!);
    smtp.stall.add(target); // the server reads that message and never answers: the sender is stuck mid-send
    child = await notifierProcess();
    await stopEveryone(ent);
    // Everything else has gone out; the one message is in flight when the process dies.
    await vi.waitFor(async () => {
      expect(smtp.stalled).toContain(target);
      const others = await db('notifications').where({ enterprise_id: ent.id }).whereNot({ recipient: target }).pluck('status');
      expect(others.length).toBeGreaterThan(0);
      expect(others.every((s) => s === 'sent')).toBe(true);
    }, wait);
    expect(await child.kill()).toBe('SIGKILL');
    expect((await messageTo(ent.members[0]!, target)).status).toBe('sending');

    smtp.stall.clear();
    pipelines.push(await startPipeline(db, config, { relay: false, alerts: false })); // a replacement notifier
    await vi.waitFor(async () => expect((await messageTo(ent.members[0]!, target)).status).toBe('sent'), wait);

    const record = await messageTo(ent.members[0]!, target);
    expect(record.attempts.map((a) => a.outcome)).toEqual(['interrupted', 'sent']);
    expect(record.attempts[0]!.error).toMatch(/worker stopped during this attempt/);
    expect(smtp.received.filter((m) => m.to.includes(target))).toHaveLength(1);
    expect(await auditMessages(db, smtp.received, [ent.id])).toMatchObject({ events: 4, messages: 12, lost: [], duplicated: [], stuck: [] });
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('after the SMTP server accepted, before it was recorded: sent again, with the same Message-ID (at-least-once in that window)', async () => {
    const ent = await setUp();
    await db('contacts').where({ account_id: ent.ma, channel: 'email' }).delete(); // one email per event: nothing else in flight
    const target = await emailOf(ent.members[0]!);
    child = await notifierProcess({ CRASH_AFTER_SEND_TO: target });
    await consume(db, { key: freshId('use'), accountId: ent.members[0]!, amount: 20_00n, actor: 'test' });
    expect(await child.ended).toBe('SIGKILL');
    expect((await messageTo(ent.members[0]!, target)).status).toBe('sending');

    pipelines.push(await startPipeline(db, config, { relay: false, alerts: false }));
    await vi.waitFor(async () => expect((await messageTo(ent.members[0]!, target)).status).toBe('sent'), wait);

    const copies = smtp.received.filter((m) => m.to.includes(target));
    expect(copies).toHaveLength(2);
    expect(copies[1]!.messageId).toBe(copies[0]!.messageId); // recognisably the same message
    expect((await messageTo(ent.members[0]!, target)).attempts.map((a) => a.outcome)).toEqual(['interrupted', 'sent']);
    const audit = await auditMessages(db, smtp.received, [ent.id]);
    expect(audit).toMatchObject({ events: 1, lost: [], stuck: [] });
    expect(audit.duplicated).toEqual([expect.stringMatching(/received 2 times$/)]);
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });
});
