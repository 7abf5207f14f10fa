import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../db/connection';
import { writeOutbox } from '../../db/outbox';
import type { OutboxEvent } from '../../domain/events';
import { addAccount } from '../../services/directory/accounts';
import { createEnterprise } from '../../services/directory/enterprises';
import { noRecipientRecords } from '../../services/directory/records';
import { startPipeline, type Pipeline } from '../alerts/pipeline';
import { startTestSmtp, type TestSmtp } from '../alerts/smtp';
import type { Principal } from '../../domain/principal';
import { jobIdOf } from '../../queues/events';
import { freshId, testConfig } from '../support';

const db = createDb(testConfig());
const ops: Principal = { id: 1, name: 'Test ops', role: 'ops', enterpriseId: null, accountId: null };
let smtp: TestSmtp;
let pipeline: Pipeline;
let enterpriseId: number;
let ma: number;
let x: number;
let y: number;

beforeAll(async () => {
  smtp = await startTestSmtp();
  pipeline = await startPipeline(db, testConfig({ SMTP_URL: smtp.url }), { alerts: false });
  // The MA account wants only credit news; finance hears enterprise-wide credit news by e-mail and transfers by SMS
  // (which never come to it: transfers are not enterprise-wide). Member x splits its events over two addresses
  // and a phone; member y has no contact at all.
  const { enterprise } = await createEnterprise(db, ops, {
    name: freshId('Recipients'),
    ma: { contacts: [{ address: `ma-${Date.now()}@acme.example`, events: ['credit'] }] },
    financeContacts: [{ address: 'cfo@acme.example', events: ['credit'] }, { address: '+8613800000010', events: ['transfers'] }],
  });
  enterpriseId = enterprise.id;
  ma = enterprise.maAccountId!;
  x = (await addAccount(db, ops, enterpriseId, {
    name: 'X', contacts: [{ address: 'x.low@acme.example', events: ['low_balance'] }, { address: 'x.moves@acme.example', events: ['transfers'] }, { address: '13800000011' }],
  })).account.id;
  y = (await addAccount(db, ops, enterpriseId, { name: 'Y' })).account.id;
});
afterAll(async () => {
  await pipeline?.close();
  await smtp?.stop();
  await db.destroy();
});

const wait = { timeout: 30_000, interval: 100 };

/** Writes the event and waits until every message it led to is sent; returns [channel, recipient] sorted. */
async function deliver(event: OutboxEvent): Promise<string[][]> {
  await writeOutbox(db, event);
  await vi.waitFor(async () => {
    const job = await pipeline.queues.notifications.getJob(jobIdOf(event.dedupeKey));
    expect(await job?.getState()).toBe('completed');
  }, wait);
  // The event's job records the messages; each is then sent by a delivery job of its own.
  const rows = () => db('notifications').where({ event_key: event.dedupeKey }).select('channel', 'recipient', 'status');
  await vi.waitFor(async () => expect((await rows()).filter((r) => r.status !== 'sent')).toEqual([]), wait);
  return (await rows()).map((r) => [r.channel, r.recipient]).sort();
}

const misses = async (eventKey: string) =>
  (await noRecipientRecords(db, ops, enterpriseId, { limit: 50 })).filter((m) => m.eventKey === eventKey).map((m) => [m.accountId, m.event]);

describe('notifications go to exactly the contacts that asked for the event', () => {
  it('a transfer: the addresses of both accounts that want transfers; the account with none is recorded as no recipient', async () => {
    const key = freshId('transfer');
    const sent = await deliver({
      topic: 'transfer.completed', dedupeKey: key,
      payload: { requestId: key, kind: 'transfer', enterpriseId, fromAccountId: x, toAccountId: y, amount: '1000' },
    });
    expect(sent).toEqual([['email', 'x.moves@acme.example'], ['sms', '13800000011']]);
    // What the mail server got (the relay also hands this pipeline other test files' leftover events: look by address).
    const to = (address: string) => smtp.received.filter((m) => m.to.includes(address));
    expect(to('x.moves@acme.example').map((m) => m.subject)).toEqual([expect.stringContaining('10.00 yuan')]);
    expect(to('x.low@acme.example')).toEqual([]);
    expect(await misses(key)).toEqual([[y, 'transfers']]);
  });

  it('an enterprise credit change: the MA account and the finance contacts that want credit news, and no one else', async () => {
    const key = freshId('credit');
    const sent = await deliver({
      topic: 'credit.enterprise_changed', dedupeKey: key,
      payload: { enterpriseId, accountId: null, oldLimit: '0', newLimit: '100000', actor: 'principal:1:Ops', reason: 'growth', transactionId: '1' },
    });
    const maEmail = (await db('contacts').where({ account_id: ma }).first('address')).address;
    expect(sent).toEqual([['email', 'cfo@acme.example'], ['email', maEmail]]);
    expect(await misses(key)).toEqual([]);
  });

  it('a low balance of an account whose contacts want other events: only the contact that asked hears it', async () => {
    const key = freshId('low');
    const sent = await deliver({ topic: 'alert.low_balance', dedupeKey: key, payload: { accountId: x, enterpriseId, available: '100', threshold: '500' } });
    expect(sent).toEqual([['email', 'x.low@acme.example'], ['sms', '13800000011']]);
    const low = await deliver({ topic: 'alert.low_balance', dedupeKey: freshId('low-y'), payload: { accountId: y, enterpriseId, available: '0', threshold: '500' } });
    expect(low).toEqual([]);
  });

  it('an enterprise-wide event that no one asked for is recorded as no recipient for the enterprise, visibly', async () => {
    await db('contacts').where({ enterprise_id: enterpriseId }).whereNull('account_id').delete();
    await db('contacts').where({ account_id: ma }).update({ events: ['transfers'] });
    const key = freshId('contract');
    expect(await deliver({ topic: 'credit.contract_pending', dedupeKey: key, payload: { applicationId: 'app-1', enterpriseId, deadline: '2026-12-31', reminder: 0 } }))
      .toEqual([]);
    expect(await misses(key)).toEqual([[null, 'credit']]);
  });
});
