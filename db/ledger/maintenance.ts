import type { Knex } from 'knex';
import { asUamError } from '../../core/failures';

type Conn = Knex | Knex.Transaction;

export interface BatchResult {
  /** Accounts (or coupons) looked at in this batch. */
  scanned: number;
  /** Of those, how many had something to move. */
  moved: number;
  /** Cursor for the next batch; null when the walk is complete. */
  nextAfterId: number | null;
}

/**
 * Closes period `period` for the next `batchSize` accounts with monthly uncleared, after `afterId` (keyset walk,
 * one statement per batch). Each account's close is keyed by period, so a re-run moves nothing twice.
 */
export async function closeMonthBatch(db: Conn, p: { period: string; afterId: number; batchSize: number; actor: string }): Promise<BatchResult> {
  try {
    const { rows } = await db.raw(
      `SELECT a.id, (uam_close_month(?, a.id, ?)).transaction_id AS txn FROM accounts a
       WHERE a.id > ? AND a.monthly_uncleared > 0 ORDER BY a.id LIMIT ?`,
      [p.period, p.actor, p.afterId, p.batchSize],
    );
    const last = rows[rows.length - 1] as { id: number } | undefined;
    return {
      scanned: rows.length,
      moved: rows.filter((r: { txn: bigint | null }) => r.txn !== null).length,
      nextAfterId: rows.length < p.batchSize || !last ? null : last.id,
    };
  } catch (err) {
    throw asUamError(err) ?? err;
  }
}

/** Expires up to `batchSize` coupons whose window has passed; what is left of each goes back to the issuer. */
export async function expireDueCoupons(db: Conn, p: { batchSize: number; actor: string }): Promise<number> {
  try {
    const { rows } = await db.raw(
      `SELECT (uam_expire_coupon(c.id, ?)).ref_id FROM (SELECT id FROM coupons
         WHERE expired_at IS NULL AND valid_to <= now() ORDER BY id LIMIT ?) c`,
      [p.actor, p.batchSize],
    );
    return rows.length;
  } catch (err) {
    throw asUamError(err) ?? err;
  }
}
