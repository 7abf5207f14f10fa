import type { EventParties } from '../db/event-parties';
import type { Channel, NewNotification } from '../db/notifications';
import type { Contact } from '../domain/contacts';
import type { Audience } from './audience';
import type { Rendered } from './templates';

/** Event dedupe key + channel + recipient: the same message for the same event is one message, however often it is tried. */
export const idempotencyKeyOf = (eventKey: string, channel: Channel, recipient: string): string =>
  `${eventKey}/${channel}/${recipient.toLowerCase()}`;

export interface MessagePlan {
  messages: NewNotification[];
  /** Parties with no contact that wants the event: account ids, null for the enterprise. Recorded as "no recipient". */
  unreached: Array<number | null>;
}

const wanting = (contacts: Contact[], audience: Audience) => contacts.filter((c) => c.events.includes(audience.event));

/**
 * The messages an event turns into: one per contact that asked for the event's kind — of the accounts it is
 * about, of the MA account and, for enterprise-wide events, the enterprise's finance contacts — each address
 * once, even when it belongs to several of them. Every account it is about (and the enterprise, for an
 * enterprise-wide event) that no contact of its own hears is listed in `unreached`.
 */
export function messagesFor(
  event: { dedupeKey: string; topic: string },
  audience: Audience,
  parties: EventParties,
  rendered: Rendered,
): MessagePlan {
  const about = audience.accountIds.map((id) => parties.accounts.get(id)).filter((p) => p !== undefined);
  const ma = parties.ma ? wanting(parties.ma.contacts, audience) : [];
  const finance = audience.enterpriseWide ? wanting(parties.finance, audience) : [];
  const recipients: Array<[number | null, Contact]> = [
    ...about.flatMap((p) => wanting(p.contacts, audience).map((c): [number, Contact] => [p.accountId, c])),
    ...ma.map((c): [number | null, Contact] => [parties.ma?.accountId ?? null, c]),
    ...finance.map((c): [null, Contact] => [null, c]),
  ];
  const aboutAccountId = audience.accountIds[0] ?? parties.ma?.accountId ?? null;
  const messages = new Map<string, NewNotification>();
  for (const [recipientAccountId, contact] of recipients) {
    const idempotencyKey = idempotencyKeyOf(event.dedupeKey, contact.channel, contact.address);
    if (messages.has(idempotencyKey)) continue;
    messages.set(idempotencyKey, {
      idempotencyKey,
      eventKey: event.dedupeKey,
      topic: event.topic,
      channel: contact.channel,
      recipient: contact.address,
      accountId: aboutAccountId,
      recipientAccountId,
      enterpriseId: parties.enterpriseId,
      subject: rendered.subject,
      body: contact.channel === 'email' ? rendered.text : rendered.sms,
    });
  }
  const unreached: Array<number | null> = [
    ...about.filter((p) => wanting(p.contacts, audience).length === 0).map((p) => p.accountId),
    ...(audience.enterpriseWide && ma.length + finance.length === 0 ? [null] : []),
  ];
  return { messages: [...messages.values()], unreached };
}
