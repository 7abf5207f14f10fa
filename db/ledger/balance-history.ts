import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/** The available quota (fen) right after one posting that changed it. */
export interface BalancePoint {
  transactionId: bigint;
  at: Date;
  available: bigint;
}

export interface BalanceHistory {
  /** The available quota when the window opened (before its first posting). */
  start: { at: Date; available: bigint };
  points: BalancePoint[];
  /** True when the window held more postings than were returned (the oldest are left out). */
  truncated: boolean;
}

/** The books the accounts table's generated `available` column sums (uncleared balances are ≤ 0 in the ledger). */
const AVAILABLE_BOOKS = ['own_cash', 'transfer_book', 'credit_limit', 'credit_refund', 'monthly_uncleared', 'historical_uncleared'];

/**
 * The account's available quota after each posting of the last `days` days, oldest first: today's figure less
 * the later postings' changes, walked back from the newest. One statement, so the figure and the entries are
 * read from one snapshot (the last point is the `available` that GET /accounts/{id} shows at that moment).
 */
export async function balanceHistory(db: Conn, accountId: number, days: number, maxPoints: number): Promise<BalanceHistory> {
  const { rows } = await db.raw(
    `WITH changes AS (
       SELECT t.id, t.created_at, sum(e.amount)::bigint AS delta
       FROM ledger_accounts la
       JOIN ledger_entries e ON e.ledger_account_id = la.id
       JOIN ledger_transactions t ON t.id = e.transaction_id
       WHERE la.account_id = :account AND la.kind = ANY(:books) AND t.created_at >= now() - make_interval(days => :days)
       GROUP BY t.id, t.created_at HAVING sum(e.amount) <> 0
     ), walked AS (
       SELECT id, created_at, delta,
              (SELECT available FROM accounts WHERE id = :account)
                - coalesce(sum(delta) OVER (ORDER BY id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS after,
              count(*) OVER () AS total
       FROM changes
     )
     SELECT id, created_at, after::bigint, total::int, delta,
            now() - make_interval(days => :days) AS window_start
     FROM walked ORDER BY id DESC LIMIT :limit`,
    { account: accountId, books: AVAILABLE_BOOKS, days, limit: maxPoints },
  );
  const list = (rows as Array<{ id: bigint; created_at: Date; after: bigint; total: number; delta: bigint; window_start: Date }>).reverse();
  const points = list.map((r) => ({ transactionId: r.id, at: r.created_at, available: r.after }));
  const first = list[0];
  if (!first) {
    const today = await db('accounts').where({ id: accountId }).first('available');
    return { start: { at: new Date(Date.now() - days * 86_400_000), available: today?.available ?? 0n }, points, truncated: false };
  }
  return { start: { at: first.total > list.length ? first.created_at : first.window_start, available: first.after - first.delta }, points, truncated: first.total > list.length };
}
