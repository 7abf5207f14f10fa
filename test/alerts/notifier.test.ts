import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../db/connection';
import * as ledger from '../../db/ledger/operations';
import { listNotifications } from '../../db/notifications';
import { writeOutbox } from '../../db/outbox';
import { setAlerts } from '../../services/alerts';
import { deliveryJobId } from '../../notifications/delivery-processor';
import { NOTIFICATION_KIND } from '../../notifications/notification-target';
import { jobIdOf } from '../../queues/events';
import { createTestEnterprise, emailOf as emailAddressOf, freshId, testConfig, type TestEnterprise } from '../support';
import { adminOf, startPipeline, type Pipeline } from './pipeline';
import { startTestSmtp, type TestSmtp } from './smtp';

const db = createDb(testConfig());
let smtp: TestSmtp;
let pipeline: Pipeline;
let ent: TestEnterprise;
let member: number;
const emailOf = (id: number) => emailAddressOf(db, id);

beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.stop();
  await db.destroy();
});
beforeEach(async () => {
  pipeline = await startPipeline(db, testConfig({ SMTP_URL: smtp.url }));
  ent = await createTestEnterprise(db, { members: 2 });
  member = ent.members[0]!;
});
afterEach(async () => {
  await pipeline.close();
});

const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address.toLowerCase()));
const wait = { timeout: 30_000, interval: 100 };
const deliveryJob = (id: bigint) => pipeline.queues.deliveries.getJob(deliveryJobId(NOTIFICATION_KIND, id));
/** The recorded message to this address about the member, once the event has been turned into messages. */
const messageTo = async (address: string) => vi.waitFor(async () => {
  const [record] = (await listNotifications(db, member)).items.filter((r) => r.recipient === address);
  if (!record) throw new Error(`no message to ${address} yet`);
  return record;
}, wait);

function transferEvent(dedupeKey: string) {
  return writeOutbox(db, {
    topic: 'transfer.completed',
    dedupeKey,
    payload: { requestId: 'tr-1', kind: 'transfer', enterpriseId: ent.id, fromAccountId: member, toAccountId: ent.members[1]!, amount: '12345' },
  });
}

describe('notifications', () => {
  it('a low balance reaches the member and the MA account by email (and SMS), once, with the figures in yuan', async () => {
    const actor = 'test';
    await ledger.topUp(db, { key: freshId('k'), accountId: member, amount: 100_00n, actor });
    await setAlerts(db, adminOf(ent.id, ent.ma), [member], { threshold: '50' });
    await ledger.consume(db, { key: freshId('k'), accountId: member, amount: 60_00n, actor });

    const [memberEmail, maEmail] = [await emailOf(member), await emailOf(ent.ma)];
    await vi.waitFor(() => expect(mailTo(maEmail)).toHaveLength(1), wait);
    await vi.waitFor(() => expect(mailTo(memberEmail)).toHaveLength(1), wait);
    const mail = mailTo(memberEmail)[0]!;
    expect(mail.subject).toBe(`Low balance: ${ent.name} member 1 (account ${member}) is below 50.00 yuan`);
    expect(mail.text).toContain(`The available credit of ${ent.name} member 1 (account ${member}) is 40.00 yuan, below its alert threshold of 50.00 yuan.`);
    expect(mail.text).toMatch(/What to do next: top up the account/);
    expect(mail.from).toBe('noreply@uam.local');

    // The SMS goes out beside the emails, not before them: wait for every record to settle.
    await vi.waitFor(async () => {
      const records = (await listNotifications(db, member)).items;
      expect(records.map((r) => [r.topic, r.channel, r.recipient, r.status, r.attempts.map((a) => a.outcome)]).sort()).toEqual([
        ['alert.low_balance', 'email', maEmail, 'sent', ['sent']],
        ['alert.low_balance', 'email', memberEmail, 'sent', ['sent']],
        ['alert.low_balance', 'sms', '13800000000', 'sent', ['sent']], // the MA account's phone, through the local sink
      ]);
    }, wait);
    // The MA account's own list: what was sent to its contacts.
    expect((await listNotifications(db, ent.ma)).items.map((r) => r.recipient).sort()).toEqual(['13800000000', maEmail]);
  });

  it('600 → 400 → 300 → 700 → 200 against a threshold of 500, posted back to back: two low-balance messages, and the recovery when asked for', async () => {
    const actor = 'test';
    await ledger.topUp(db, { key: freshId('k'), accountId: member, amount: 600_00n, actor });
    await setAlerts(db, adminOf(ent.id, ent.ma), [member], { threshold: '500', recovered: true });
    await ledger.consume(db, { key: freshId('k'), accountId: member, amount: 200_00n, actor });
    await ledger.consume(db, { key: freshId('k'), accountId: member, amount: 100_00n, actor });
    await ledger.topUp(db, { key: freshId('k'), accountId: member, amount: 400_00n, actor });
    await ledger.consume(db, { key: freshId('k'), accountId: member, amount: 500_00n, actor });

    const memberEmail = await emailOf(member);
    await vi.waitFor(() => expect(mailTo(memberEmail)).toHaveLength(3), wait);
    expect(mailTo(memberEmail).map((m) => m.subject).sort()).toEqual([
      `Balance recovered: ${ent.name} member 1 (account ${member}) is back at or above 500.00 yuan`,
      `Low balance: ${ent.name} member 1 (account ${member}) is below 500.00 yuan`,
      `Low balance: ${ent.name} member 1 (account ${member}) is below 500.00 yuan`,
    ]);
    expect(mailTo(memberEmail).map((m) => m.text.split('\n')[0]).sort()).toEqual([
      `The available credit of ${ent.name} member 1 (account ${member}) is 200.00 yuan, below its alert threshold of 500.00 yuan.`,
      `The available credit of ${ent.name} member 1 (account ${member}) is 400.00 yuan, below its alert threshold of 500.00 yuan.`,
      `The available credit of ${ent.name} member 1 (account ${member}) is 700.00 yuan, back at or above its alert threshold of 500.00 yuan.`,
    ]);
    // The periodic scan, run now, has nothing to add.
    const scan = await pipeline.queues['alert-check'].add('scan', {}, { jobId: freshId('scan') });
    await vi.waitFor(async () => expect(await scan.getState()).toBe('completed'), wait);
    expect(mailTo(memberEmail)).toHaveLength(3);
  });

  it('a stopped account is reported to it and to the MA account', async () => {
    await ledger.consume(db, { key: freshId('k'), accountId: member, amount: 1_00n, actor: 'test' });
    const maEmail = await emailOf(ent.ma);
    await vi.waitFor(() => expect(mailTo(maEmail)).toHaveLength(1), wait);
    expect(mailTo(maEmail)[0]).toMatchObject({ subject: `Account stopped: ${ent.name} member 1 (account ${member})` });
    expect(mailTo(maEmail)[0]!.text).toContain('has been stopped because its available credit is -1.00 yuan');
  });

  it('an SMTP outage is retried with backoff and each message is delivered once when it is back', async () => {
    const [memberEmail, maEmail] = [await emailOf(member), await emailOf(ent.ma)];
    await smtp.stop();
    const key = freshId('outage');
    await transferEvent(key);
    await vi.waitFor(async () => {
      const [record] = (await listNotifications(db, member)).items.filter((r) => r.recipient === memberEmail);
      expect(record?.attempts.map((a) => a.outcome)).toEqual(['retryable']);
    }, wait);
    await smtp.start();

    await vi.waitFor(async () => {
      const emails = (await listNotifications(db, member)).items.filter((r) => r.channel === 'email');
      expect(emails.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']); // the member, the other member, the MA
    }, wait);
    expect(mailTo(memberEmail)).toHaveLength(1);
    expect(mailTo(maEmail)).toHaveLength(1);
    expect(mailTo(memberEmail)[0]!.text).toContain(`123.45 yuan was transferred from ${ent.name} member 1 (account ${member})`);
    const [record] = (await listNotifications(db, member)).items.filter((r) => r.recipient === memberEmail);
    expect(record!.attempts.at(-1)!.outcome).toBe('sent');
    expect(record!.attempts.filter((a) => a.outcome === 'sent')).toHaveLength(1);
    expect((await deliveryJob(record!.id))!.attemptsMade).toBeGreaterThanOrEqual(1);
  });

  it('each message is retried on its own: the others are sent once', async () => {
    const [memberEmail, maEmail] = [await emailOf(member), await emailOf(ent.ma)];
    smtp.defer.set(memberEmail.toLowerCase(), 2); // "mailbox busy" twice, then accepted
    const key = freshId('defer');
    await transferEvent(key);
    const record = await messageTo(memberEmail);
    await vi.waitFor(async () => expect(await (await deliveryJob(record.id))?.getState()).toBe('completed'), wait);
    expect(mailTo(memberEmail)).toHaveLength(1);
    expect(mailTo(maEmail)).toHaveLength(1);
    expect(smtp.rcptAttempts.filter((a) => a === maEmail.toLowerCase())).toHaveLength(1);
    expect((await deliveryJob(record.id))!.attemptsMade).toBe(3); // two deferred, one delivered
    expect((await pipeline.queues.notifications.getJob(jobIdOf(key)))!.returnvalue).toEqual({ messages: 4, queued: 4 });
    const [after] = (await listNotifications(db, member)).items.filter((r) => r.recipient === memberEmail);
    expect(after!.attempts.map((a) => a.outcome)).toEqual(['retryable', 'retryable', 'sent']);
    expect(after!.attempts[0]!.error).toMatch(/451/);
  });

  it('a rejected address is a permanent failure: recorded, not retried, and the other recipients still get theirs', async () => {
    const [memberEmail, maEmail] = [await emailOf(member), await emailOf(ent.ma)];
    smtp.reject.add(memberEmail.toLowerCase());
    const key = freshId('bounce');
    await transferEvent(key);
    const record = await messageTo(memberEmail);
    await vi.waitFor(async () => expect(await (await deliveryJob(record.id))?.getState()).toBe('failed'), wait);
    const job = (await deliveryJob(record.id))!;
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/failed for good: .*550/);
    await vi.waitFor(() => expect(mailTo(maEmail)).toHaveLength(1), wait);
    expect(mailTo(memberEmail)).toHaveLength(0);
    expect(smtp.rcptAttempts.filter((a) => a === memberEmail.toLowerCase())).toHaveLength(1);
    const [after] = (await listNotifications(db, member)).items.filter((r) => r.recipient === memberEmail);
    expect(after).toMatchObject({ status: 'failed', attempts: [{ attempt: 1, outcome: 'permanent' }] });
    expect(after!.lastError).toMatch(/550/);
    expect(await pipeline.queues.notifications.getJobState(jobIdOf(key))).toBe('completed'); // the event itself was handled
  });
});
