import type { Db } from '../../db/connection';

/** The books whose sum is an account's available quota (debts are kept as negative balances); holds are left out. */
const AVAILABLE_BOOKS = ['own_cash', 'transfer_book', 'credit_limit', 'credit_refund', 'monthly_uncleared', 'historical_uncleared'];

/**
 * The low-balance crossings of these accounts, computed from the ledger's own entries rather than from the
 * alert state the ledger keeps: each account's available quota after each of its transactions (in transaction
 * order, which is the order they held its lock), walked with the design's rule — fire once below the threshold,
 * re-arm at or above it. Every account starts armed with a zero balance that no transaction has judged yet.
 */
export async function crossingsFromEntries(db: Db, accountIds: number[], threshold: bigint): Promise<Map<number, { fired: number; rearmed: number }>> {
  const { rows } = await db.raw(
    `SELECT la.account_id, e.transaction_id, sum(e.amount) AS delta
     FROM ledger_entries e JOIN ledger_accounts la ON la.id = e.ledger_account_id
     WHERE la.account_id = ANY(?::int[]) AND la.kind = ANY(?::text[])
     GROUP BY la.account_id, e.transaction_id ORDER BY la.account_id, e.transaction_id`,
    [accountIds, AVAILABLE_BOOKS],
  );
  const result = new Map(accountIds.map((id) => [id, { fired: 0, rearmed: 0, available: 0n, armed: true }]));
  for (const r of rows as Array<{ account_id: number; delta: string }>) {
    const s = result.get(r.account_id)!;
    s.available += BigInt(r.delta);
    if (s.armed && s.available < threshold) [s.armed, s.fired] = [false, s.fired + 1];
    else if (!s.armed && s.available >= threshold) [s.armed, s.rearmed] = [true, s.rearmed + 1];
  }
  return new Map([...result].map(([id, s]) => [id, { fired: s.fired, rearmed: s.rearmed }]));
}
