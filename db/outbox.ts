import type { Knex } from 'knex';
import { activeTraceparent } from '../core/tracing';
import type { EventTopic, OutboxEvent } from '../domain/events';

/**
 * Writes an event to the outbox, inside the caller's transaction when given one. A second write with the same
 * dedupe key is ignored, so an activity retried after a crash never queues a message twice.
 * Returns true when this call wrote it. With tracing on, the event carries the active span (its queue job joins the trace).
 */
export async function writeOutbox<T extends EventTopic>(db: Knex | Knex.Transaction, event: OutboxEvent<T>): Promise<boolean> {
  const traceparent = activeTraceparent();
  const rows = await db('outbox')
    .insert({ topic: event.topic, dedupe_key: event.dedupeKey, payload: JSON.stringify(event.payload), ...(traceparent && { traceparent }) })
    .onConflict('dedupe_key')
    .ignore()
    .returning('id');
  return rows.length > 0;
}
