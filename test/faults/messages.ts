import type { Db } from '../../db/connection';
import type { EventPayloads, EventTopic } from '../../domain/events';
import { audienceOf, isMessageTopic } from '../../notifications/audience';
import type { ReceivedMail } from '../alerts/smtp';

/**
 * "Every event produced exactly the messages it should, once", checked from the outside: the outbox events of
 * some enterprises, the contacts their accounts have, what the notifications table says and what the SMTP server
 * received. Each list names what is wrong (empty lists: all good).
 */
export interface MessageAudit {
  events: number;
  messages: number;
  /** An expected message never recorded, failed, or recorded sent but never received. */
  lost: string[];
  /** A message received more than once, sent by more than one attempt, or one nobody should have had. */
  duplicated: string[];
  /** An event its consumer never finished, or a message neither sent nor failed. */
  stuck: string[];
}

interface EventRow { dedupe_key: string; topic: string; done_at: Date | null; payload: Record<string, unknown> }
interface MessageRow { event_key: string; idempotency_key: string; channel: string; recipient: string; status: string; sent: number }

/** The Message-ID the notifier gives a message (notifications/email.ts), to match what the server received. */
const messageIdOf = (key: string) => `<${Buffer.from(key).toString('base64url')}@uam.local>`;

export async function auditMessages(db: Db, received: ReceivedMail[], enterpriseIds: number[]): Promise<MessageAudit> {
  const events = ((await db('outbox').whereRaw(`(payload->>'enterpriseId')::int = ANY(?)`, [enterpriseIds]).select('dedupe_key', 'topic', 'done_at', 'payload')) as EventRow[])
    .filter((e) => isMessageTopic(e.topic));
  const accounts = await db('accounts').whereIn('enterprise_id', enterpriseIds).select('id', 'enterprise_id', 'kind');
  const contacts = await db('contacts').whereIn('enterprise_id', enterpriseIds).select('enterprise_id', 'account_id', 'channel', 'address', 'events');
  const rows = (await db.raw(
    `SELECT n.event_key, n.idempotency_key, n.channel, n.recipient, n.status,
            (SELECT count(*)::int FROM notification_attempts a WHERE a.notification_id = n.id AND a.outcome = 'sent') AS sent
     FROM notifications n WHERE n.event_key = ANY(?)`,
    [events.map((e) => e.dedupe_key)],
  )).rows as MessageRow[];
  const copies = new Map<string, number>();
  for (const mail of received) copies.set(mail.messageId, (copies.get(mail.messageId) ?? 0) + 1);

  const audit: MessageAudit = { events: events.length, messages: rows.length, lost: [], duplicated: [], stuck: [] };
  for (const event of events) {
    if (!event.done_at) audit.stuck.push(`event ${event.dedupe_key} not done`);
    // Who should hear it: the contacts of the accounts it is about, of the MA account and, for an enterprise-wide
    // event, the finance contacts — each only if it asked for the event's kind.
    const audience = audienceOf(event.topic as EventTopic, event.payload as unknown as EventPayloads[EventTopic])!;
    const parties = new Set(accounts.filter((a) => a.enterprise_id === audience.enterpriseId && (a.kind === 'ma' || audience.accountIds.includes(a.id))).map((a) => a.id));
    const expected = new Set(contacts
      .filter((c) => c.enterprise_id === audience.enterpriseId && (c.account_id === null ? audience.enterpriseWide : parties.has(c.account_id)))
      .filter((c) => (c.events as string[]).includes(audience.event))
      .map((c) => `${c.channel}/${(c.address as string).toLowerCase()}`));
    const mine = rows.filter((r) => r.event_key === event.dedupe_key);
    for (const want of expected) if (!mine.some((r) => `${r.channel}/${r.recipient.toLowerCase()}` === want)) audit.lost.push(`${event.dedupe_key}: ${want} never recorded`);
    for (const r of mine) {
      const what = `${r.idempotency_key} (${r.status})`;
      if (!expected.has(`${r.channel}/${r.recipient.toLowerCase()}`)) audit.duplicated.push(`${what}: not a contact of this event`);
      if (r.status === 'failed') audit.lost.push(what);
      else if (r.status !== 'sent') audit.stuck.push(what);
      if (r.sent > 1) audit.duplicated.push(`${what}: sent by ${r.sent} attempts`);
      if (r.channel !== 'email' || r.status !== 'sent') continue;
      const n = copies.get(messageIdOf(r.idempotency_key)) ?? 0;
      if (n === 0) audit.lost.push(`${what}: never received`);
      if (n > 1) audit.duplicated.push(`${what}: received ${n} times`);
    }
  }
  return audit;
}
