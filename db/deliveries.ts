import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/**
 * A table of things to deliver at most once each (notifications now, webhook deliveries later) and its table of
 * attempts. The item table has the delivery columns of migration 20261130004100 (status, attempts,
 * next_attempt_at, give_up_at, last_error, sent_at, updated_at); the attempts table (fk, attempt, outcome,
 * error, at).
 */
export interface DeliveryTable {
  items: string;
  attempts: string;
  /** The attempts table's column naming the item. */
  itemFk: string;
}

export type DeliveryStatus = 'pending' | 'sending' | 'retrying' | 'sent' | 'failed';

export interface ClaimedItem {
  id: bigint;
  /** This attempt's number (1 for the first). */
  attempt: number;
  /** The whole item row, for the transport. */
  row: Record<string, unknown>;
}

export type Claim = { claimed: ClaimedItem } | { claimed: null; status: DeliveryStatus | 'missing'; nextAttemptAt: Date | null };

export interface ClaimOptions {
  leaseMs: number;
  /** A failed item is taken too, with a fresh retry budget of this long (an ops re-drive). */
  redriveGiveUpAfterMs?: number;
}

const INTERRUPTED = 'the worker stopped during this attempt: the message may or may not have been accepted';

/**
 * Takes an item for one attempt, and writes that attempt down before anything is sent: status 'sending' with a
 * lease (next_attempt_at) and an attempt row without outcome. Taken when pending or retrying; when sending and
 * its lease has run out (the sender died: its unfinished attempt is marked 'interrupted'); when failed only on
 * a re-drive. Otherwise says where the item stands.
 */
export async function claimDelivery(db: Conn, t: DeliveryTable, id: bigint, options: ClaimOptions): Promise<Claim> {
  const redrive = options.redriveGiveUpAfterMs !== undefined;
  const { rows } = await db.raw(
    `WITH claimed AS (
       UPDATE ?? SET status = 'sending', attempts = attempts + 1, updated_at = now(),
              next_attempt_at = now() + ?::float8 * interval '1 millisecond',
              give_up_at = CASE WHEN status = 'failed' THEN now() + ?::float8 * interval '1 millisecond' ELSE give_up_at END
       WHERE id = ? AND (status IN ('pending', 'retrying') OR (status = 'sending' AND next_attempt_at <= now()) OR (status = 'failed' AND ?))
       RETURNING *
     ), interrupted AS (
       UPDATE ?? SET outcome = 'interrupted', error = ? WHERE ?? IN (SELECT id FROM claimed) AND outcome IS NULL
     ), started AS (
       INSERT INTO ?? (??, attempt) SELECT id, attempts FROM claimed
     )
     SELECT * FROM claimed`,
    [t.items, options.leaseMs, options.redriveGiveUpAfterMs ?? 0, id.toString(), redrive, t.attempts, INTERRUPTED, t.itemFk, t.attempts, t.itemFk],
  );
  const row = (rows as Array<Record<string, unknown>>)[0];
  if (row) return { claimed: { id: BigInt(row.id as bigint), attempt: row.attempts as number, row } };
  const current = await db(t.items).where({ id: id.toString() }).first('status', 'next_attempt_at');
  return current
    ? { claimed: null, status: current.status as DeliveryStatus, nextAttemptAt: current.next_attempt_at as Date }
    : { claimed: null, status: 'missing', nextAttemptAt: null };
}

export type AttemptOutcome =
  | { outcome: 'sent' }
  | { outcome: 'permanent'; error: string }
  | { outcome: 'retryable'; error: string; retryAt: Date };

/**
 * Writes an attempt's outcome and the item's new status in one statement: sent; failed (a permanent refusal, or
 * a retry that would fall after give_up_at); else retrying at `retryAt`. A failure updates the item only if no
 * later attempt took it over meanwhile; a success always does — the item went out.
 */
export async function finishDelivery(db: Conn, t: DeliveryTable, claimed: Pick<ClaimedItem, 'id' | 'attempt'>, result: AttemptOutcome): Promise<DeliveryStatus> {
  const error = result.outcome === 'sent' ? null : result.error;
  const retryAt = result.outcome === 'retryable' ? result.retryAt.toISOString() : null;
  const { rows } = await db.raw(
    `WITH attempt AS (
       UPDATE :attempts: SET outcome = :outcome, error = :error WHERE :itemFk: = :id AND attempt = :attempt
     )
     UPDATE :items: SET updated_at = now(),
       status = CASE WHEN :outcome = 'sent' THEN 'sent' WHEN :outcome = 'permanent' OR :retryAt::timestamptz >= give_up_at THEN 'failed' ELSE 'retrying' END,
       last_error = CASE WHEN :retryAt::timestamptz >= give_up_at THEN format('gave up after %s attempts: %s', attempts, :error::text) ELSE :error END,
       sent_at = CASE WHEN :outcome = 'sent' THEN now() END,
       next_attempt_at = coalesce(:retryAt::timestamptz, now())
     WHERE id = :id AND (:outcome = 'sent' OR attempts = :attempt)
     RETURNING status`,
    { ...t, outcome: result.outcome, error, retryAt, id: claimed.id.toString(), attempt: claimed.attempt },
  );
  const row = (rows as Array<{ status: DeliveryStatus }>)[0];
  return row?.status ?? 'sending';
}
