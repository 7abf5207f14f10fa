import type { Knex } from 'knex';
import { asUamError } from '../../core/failures';

type Conn = Knex | Knex.Transaction;

export interface CloseBatch {
  /** Accounts whose period was closed in this batch. */
  moved: number;
  /** Fen moved from monthly to historical uncleared. */
  amount: bigint;
  /** Cursor (account id) for the next batch; null when the walk is complete. */
  nextAfterId: number | null;
}

/** Where a close applies: every enterprise, or one. */
export interface CloseScope { period: string; enterpriseId: number | null }

const translated = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (err) {
    throw asUamError(err) ?? err;
  }
};

/**
 * Marks the period closed for the scope, before its accounts are closed: from then on a charge for it is posted
 * to historical uncleared. Returns false when it was marked already. Refuses a malformed period or unknown enterprise.
 */
export const markPeriodClosed = (db: Conn, p: CloseScope & { actor: string }): Promise<boolean> =>
  translated(async () => {
    const { rows } = await db.raw('SELECT uam_mark_period_closed(?, ?, ?) AS marked', [p.period, p.enterpriseId, p.actor]);
    return rows[0].marked as boolean;
  });

/**
 * Closes the period for the next `batchSize` accounts (of the scope) with the period's monthly uncleared, after
 * account `afterId` (keyset walk over that period's books, one statement per batch). Each account's close is
 * keyed by period, so a re-run moves nothing twice; later periods' books are never read.
 */
export const closeMonthBatch = (db: Conn, p: CloseScope & { afterId: number; batchSize: number; actor: string }): Promise<CloseBatch> =>
  translated(async () => {
    const { rows } = await db.raw(
      `SELECT c.account_id, r.transaction_id, r.replayed FROM (
         SELECT account_id FROM ledger_accounts
         WHERE kind = 'monthly_uncleared' AND period = ? AND account_id > ? AND balance < 0 AND (?::int IS NULL OR enterprise_id = ?)
         ORDER BY account_id LIMIT ?) c, LATERAL uam_close_month(?, c.account_id, ?) r
       ORDER BY c.account_id`,
      [p.period, p.afterId, p.enterpriseId, p.enterpriseId, p.batchSize, p.period, p.actor],
    );
    const moved = (rows as Array<{ account_id: number; transaction_id: bigint | null; replayed: boolean | null }>)
      .filter((r) => r.transaction_id !== null && !r.replayed).map((r) => String(r.transaction_id));
    const { rows: sums } = await db.raw(
      'SELECT coalesce(sum(amount), 0)::bigint AS amount FROM ledger_entries WHERE transaction_id = ANY(?::bigint[]) AND amount > 0',
      [`{${moved.join(',')}}`],
    );
    const last = rows[rows.length - 1] as { account_id: number } | undefined;
    return { moved: moved.length, amount: BigInt(sums[0].amount), nextAfterId: rows.length < p.batchSize || !last ? null : last.account_id };
  });

/**
 * Expires up to `batchSize` coupons whose window has passed (of one enterprise, or all); what is left of each
 * goes back to the issuer.
 */
export const expireDueCoupons = (db: Conn, p: { batchSize: number; actor: string; enterpriseId?: number | null }): Promise<number> =>
  translated(async () => {
    const enterpriseId = p.enterpriseId ?? null;
    const { rows } = await db.raw(
      `SELECT (uam_expire_coupon(c.id, ?)).ref_id FROM (SELECT id FROM coupons
         WHERE expired_at IS NULL AND valid_to <= now() AND (?::int IS NULL OR enterprise_id = ?) ORDER BY id LIMIT ?) c`,
      [p.actor, enterpriseId, enterpriseId, p.batchSize],
    );
    return rows.length;
  });
