import type { EventParties, Party } from '../db/event-parties';
import type { Channel, NewNotification } from '../db/notifications';
import type { Audience } from './audience';
import type { Rendered } from './templates';

/** Event dedupe key + channel + recipient: the same message for the same event is one message, however often it is tried. */
export const idempotencyKeyOf = (eventKey: string, channel: Channel, recipient: string): string =>
  `${eventKey}/${channel}/${recipient.toLowerCase()}`;

/**
 * The messages an event turns into: an email and an SMS for every contact of the accounts it is about and
 * of the MA account — each address once, even when the MA account is also one of the accounts.
 */
export function messagesFor(
  event: { dedupeKey: string; topic: string },
  audience: Audience,
  parties: EventParties,
  rendered: Rendered,
): NewNotification[] {
  const recipients: Party[] = [
    ...audience.accountIds.map((id) => parties.accounts.get(id)).filter((p): p is Party => p !== undefined),
    ...(parties.ma ? [parties.ma] : []),
  ];
  const aboutAccountId = audience.accountIds[0] ?? parties.ma?.accountId ?? null;
  const messages = new Map<string, NewNotification>();
  for (const party of recipients) {
    const contacts: Array<[Channel, string | null]> = [['email', party.email], ['sms', party.phone]];
    for (const [channel, address] of contacts) {
      const recipient = address?.trim();
      if (!recipient) continue;
      const idempotencyKey = idempotencyKeyOf(event.dedupeKey, channel, recipient);
      if (messages.has(idempotencyKey)) continue;
      messages.set(idempotencyKey, {
        idempotencyKey,
        eventKey: event.dedupeKey,
        topic: event.topic,
        channel,
        recipient,
        accountId: aboutAccountId,
        recipientAccountId: party.accountId,
        enterpriseId: parties.enterpriseId,
        subject: rendered.subject,
        body: channel === 'email' ? rendered.text : rendered.sms,
      });
    }
  }
  return [...messages.values()];
}
