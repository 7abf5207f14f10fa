import type { Knex } from 'knex';
import { loadEventParties } from '../db/event-parties';
import type { NotificationMiss } from '../db/notification-misses';
import type { NewNotification } from '../db/notifications';
import type { EventPayloads, EventTopic } from '../domain/events';
import { audienceOf } from './audience';
import { messagesFor } from './messages';
import { renderEvent } from './templates';

export type Recipients =
  | { ok: true; messages: NewNotification[]; misses: NotificationMiss[] }
  | { ok: false; reason: string };

/**
 * The messages one event turns into, from the directory: each contact that asked for the event gets one.
 * Every account (or enterprise) the event concerns that has no such contact is a "no recipient" record
 * (`misses`), which the caller writes with the messages, so a message that reaches nobody is visible, never
 * dropped in silence.
 */
export async function recipientsOf<T extends EventTopic>(
  db: Knex,
  event: { topic: T; dedupeKey: string; payload: EventPayloads[T] },
): Promise<Recipients> {
  const audience = audienceOf(event.topic, event.payload);
  if (!audience) return { ok: false, reason: `event "${event.topic}" is not a message to anyone` };
  const parties = await loadEventParties(db, audience.enterpriseId, audience.accountIds);
  const rendered = parties && renderEvent(event.topic, event.payload, parties);
  if (!parties || !rendered) return { ok: false, reason: `event ${event.dedupeKey}: enterprise ${audience.enterpriseId} does not exist` };
  const { messages, unreached } = messagesFor(event, audience, parties, rendered);
  const misses = unreached.map((accountId) => ({
    eventKey: event.dedupeKey, topic: event.topic, event: audience.event, enterpriseId: audience.enterpriseId, accountId,
  }));
  return { ok: true, messages, misses };
}
