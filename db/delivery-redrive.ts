import type { Knex } from 'knex';
import type { DeliveryTable } from './deliveries';

type Conn = Knex | Knex.Transaction;

/**
 * Items that should have been attempted more than `overdueMs` ago and are not done: pending, retrying, or
 * sending past the sender's lease. Normally their queue job is about to run them; if Redis lost that job, these
 * are what to queue again. Keyset-paged on id.
 */
export async function overdueDeliveries(db: Conn, t: DeliveryTable, page: { overdueMs: number; afterId: bigint; limit: number }): Promise<bigint[]> {
  const { rows } = await db.raw(
    `SELECT id FROM ?? WHERE status IN ('pending', 'sending', 'retrying') AND next_attempt_at < now() - ?::float8 * interval '1 millisecond'
       AND id > ? ORDER BY id LIMIT ?`,
    [t.items, page.overdueMs, page.afterId.toString(), page.limit],
  );
  return (rows as Array<{ id: bigint }>).map((r) => BigInt(r.id));
}

export interface FailedFilter {
  /** Items created at or after this time… */
  since: Date;
  /** …and before this one (default: now). */
  until?: Date;
  enterpriseId?: number;
  limit: number;
}

/**
 * An ops re-drive: failed items matching the filter become due again with a fresh retry budget, and are returned
 * (oldest first). Each is taken by one re-drive only, and a failed item was never accepted by its transport, so
 * re-driving sends nothing twice.
 */
export async function redriveFailed(db: Conn, t: DeliveryTable, filter: FailedFilter, giveUpAfterMs: number): Promise<bigint[]> {
  const { rows } = await db.raw(
    `UPDATE ?? SET status = 'retrying', next_attempt_at = now(), updated_at = now(),
            give_up_at = now() + ?::float8 * interval '1 millisecond'
     WHERE id IN (SELECT id FROM ?? WHERE status = 'failed' AND created_at >= ? AND created_at < ?
                    AND (?::int IS NULL OR enterprise_id = ?::int) ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
       AND status = 'failed'
     RETURNING id`,
    [
      t.items, giveUpAfterMs, t.items, filter.since, filter.until ?? new Date(),
      filter.enterpriseId ?? null, filter.enterpriseId ?? null, filter.limit,
    ],
  );
  return (rows as Array<{ id: bigint }>).map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : 1));
}
