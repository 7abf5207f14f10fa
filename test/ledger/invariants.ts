import type { Db } from '../../db/connection';

/**
 * Every rule of the ledger checked from the raw tables. Returns the broken ones (empty when all hold), so a
 * failing test prints exactly what is wrong.
 */
export async function brokenInvariants(db: Db, enterpriseIds?: number[]): Promise<string[]> {
  const scope = enterpriseIds ? `enterprise_id = ANY(ARRAY[${enterpriseIds.map(Number).join(',')}]::int[])` : 'true';
  const checks: Array<[string, string]> = [
    ['every transaction sums to zero', `SELECT transaction_id FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
       WHERE t.${scope} GROUP BY transaction_id HAVING sum(amount) <> 0 OR count(*) < 2`],
    ['each book balance equals the sum of its entries', `SELECT la.id FROM ledger_accounts la
       LEFT JOIN (SELECT ledger_account_id, sum(amount) s FROM ledger_entries GROUP BY 1) e ON e.ledger_account_id = la.id
       WHERE la.${scope} AND la.balance <> coalesce(e.s, 0)`],
    ['account figures equal their books', `SELECT a.id FROM accounts a LEFT JOIN LATERAL (
         SELECT coalesce(sum(balance) FILTER (WHERE kind = 'own_cash'), 0) oc,
                coalesce(sum(balance) FILTER (WHERE kind = 'transfer_book'), 0) tb,
                coalesce(sum(balance) FILTER (WHERE kind = 'held'), 0) h,
                coalesce(sum(balance) FILTER (WHERE kind = 'credit_limit'), 0) cl,
                coalesce(sum(balance) FILTER (WHERE kind = 'credit_refund'), 0) cr,
                coalesce(sum(balance) FILTER (WHERE kind = 'coupons'), 0) cp,
                coalesce(-sum(balance) FILTER (WHERE kind = 'monthly_uncleared'), 0) mu,
                coalesce(-sum(balance) FILTER (WHERE kind = 'historical_uncleared'), 0) hu
         FROM ledger_accounts WHERE account_id = a.id) b ON true
       WHERE a.${scope} AND (a.own_cash, a.transfer_book, a.held, a.credit_limit, a.credit_refund, a.coupon_balance,
         a.monthly_uncleared, a.historical_uncleared) IS DISTINCT FROM (b.oc, b.tb, b.h, b.cl, b.cr, b.cp, b.mu, b.hu)`],
    ['held equals the pending holds', `SELECT a.id FROM accounts a WHERE a.${scope} AND a.held <> coalesce(
       (SELECT sum(amount) FROM holds WHERE from_account_id = a.id AND status = 'pending'), 0)`],
    ['coupon book equals the coupons left', `SELECT a.id FROM accounts a WHERE a.${scope} AND a.coupon_balance <> coalesce(
       (SELECT sum(remaining) FROM coupons WHERE account_id = a.id), 0)`],
    ['assigned equals the sum of member limits and stays within the total', `SELECT e.id FROM enterprises e WHERE e.id IN
       (SELECT id FROM enterprises WHERE ${scope.replace('enterprise_id', 'id')}) AND (e.credit_assigned <>
       (SELECT coalesce(sum(credit_limit), 0) FROM accounts WHERE enterprise_id = e.id)
       OR e.credit_assigned > e.credit_public + e.credit_hybrid
       OR coalesce((SELECT balance FROM ledger_accounts WHERE enterprise_id = e.id AND kind = 'credit_available'), 0)
          <> e.credit_public + e.credit_hybrid - e.credit_assigned)`],
    ['a transfer book never exceeds what its source sent and has not taken back', `SELECT la.id FROM ledger_accounts la
       WHERE la.${scope} AND la.kind = 'transfer_book' AND la.balance + coalesce((SELECT sum(amount) FROM holds h
         WHERE h.purpose = 'withdrawal' AND h.status = 'pending' AND h.from_account_id = la.account_id
         AND h.to_account_id = la.source_account_id), 0) > la.transferred - la.withdrawn`],
    ['no account is left stopped with quota available', `SELECT id FROM accounts WHERE ${scope} AND status = 'stopped' AND available > 0`],
  ];
  const broken: string[] = [];
  for (const [name, sql] of checks) {
    const { rows } = await db.raw(`${sql} LIMIT 5`);
    if (rows.length > 0) broken.push(`${name}: ${JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
  }
  return broken;
}
