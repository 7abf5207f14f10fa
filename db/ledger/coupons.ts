import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/** A coupon the account can spend now (DESIGN.md: unexpired, with amount left), in fen. */
export interface ValidCoupon {
  id: bigint;
  amount: bigint;
  remaining: bigint;
  validFrom: Date;
  validTo: Date;
}

/** The account's valid coupons (view valid_coupons), the soonest to expire first (the order consumption draws on them). */
export async function validCoupons(db: Conn, accountId: number): Promise<ValidCoupon[]> {
  const rows = await db('valid_coupons')
    .where({ account_id: accountId })
    .orderBy([{ column: 'valid_to' }, { column: 'id' }])
    .select('id', 'amount', 'remaining', 'valid_from', 'valid_to');
  return rows.map((r) => ({ id: r.id, amount: r.amount, remaining: r.remaining, validFrom: r.valid_from, validTo: r.valid_to }));
}
