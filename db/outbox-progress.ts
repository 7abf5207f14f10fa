import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/**
 * The consumer of an outbox event has finished with it (its alert check committed, its messages recorded, or it
 * was refused for good). Until then the row is not done, whatever Redis holds: the re-drive queues it again
 * if its job is lost.
 */
export async function markOutboxDone(db: Conn, dedupeKey: string): Promise<void> {
  await db.raw('UPDATE outbox SET done_at = now() WHERE dedupe_key = ? AND done_at IS NULL', [dedupeKey]);
}

export interface UndoneEvent {
  id: bigint;
  topic: string;
  dedupeKey: string;
  payload: unknown;
  traceparent: string | null;
}

/** Events relayed more than `overdueMs` ago whose consumer has not finished: their job may be lost. Keyset-paged on id. */
export async function undoneOutbox(db: Conn, page: { overdueMs: number; afterId: bigint; limit: number }): Promise<UndoneEvent[]> {
  const { rows } = await db.raw(
    `SELECT id, topic, dedupe_key, payload, traceparent FROM outbox
     WHERE done_at IS NULL AND relayed_at IS NOT NULL AND relayed_at < now() - ?::float8 * interval '1 millisecond' AND id > ?
     ORDER BY id LIMIT ?`,
    [page.overdueMs, page.afterId.toString(), page.limit],
  );
  return (rows as Array<Record<string, unknown>>).map((r) => ({
    id: BigInt(r.id as bigint), topic: r.topic as string, dedupeKey: r.dedupe_key as string, payload: r.payload,
    traceparent: r.traceparent as string | null,
  }));
}
