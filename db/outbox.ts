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

export interface OutboxStats {
  /** Committed, not yet handed to the queues. */
  unrelayed: number;
  /** Handed to the queues, not yet handled by their consumer. */
  unconsumed: number;
  /** Age in seconds of the oldest unrelayed event, 0 when there is none. */
  oldestUnrelayedSeconds: number;
}

/** The outbox's backlog, read through its two partial indexes (cheap however long the table grows). */
export async function outboxStats(db: Knex): Promise<OutboxStats> {
  const { rows } = await db.raw(`
    SELECT (SELECT count(*) FROM outbox WHERE relayed_at IS NULL)::int AS unrelayed,
           (SELECT count(*) FROM outbox WHERE done_at IS NULL AND relayed_at IS NOT NULL)::int AS unconsumed,
           coalesce(extract(epoch FROM now() - (SELECT created_at FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT 1)), 0)::float8 AS oldest`);
  const row = rows[0] as { unrelayed: number; unconsumed: number; oldest: number };
  return { unrelayed: row.unrelayed, unconsumed: row.unconsumed, oldestUnrelayedSeconds: Math.max(0, row.oldest) };
}
