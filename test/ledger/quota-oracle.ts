/**
 * The design's quota formulas (DESIGN.md "Books of one member account"), written out independently of the
 * ledger's SQL, which is the only place uam computes them: tests check the ledger's figures against these.
 */
import type { AccountBooks } from '../../db/ledger/queries';

/** Cash balance = own cash + transfer book. Held funds are still the account's cash until the hold posts. */
export function cashBalance(b: AccountBooks): bigint {
  return b.ownCash + b.transferBook + b.held;
}

/** Available quota = cash balance + credit limit + credit refund − monthly uncleared − historical uncleared − holds. */
export function availableQuota(b: AccountBooks): bigint {
  return cashBalance(b) + b.creditLimit + b.creditRefund - b.monthlyUncleared - b.historicalUncleared - b.held;
}
