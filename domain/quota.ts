/**
 * The books of one member account, in fen, as the ledger keeps them (see DESIGN.md "Books of one member
 * account"), and the design's formulas over them. The ledger's SQL functions enforce the rules (maximum
 * transfer and withdrawal, stopping); tests check the ledger's figures against these formulas.
 */
export interface AccountBooks {
  ownCash: bigint;
  /** Sum of the transfer books (funds received from other accounts, kept per source). */
  transferBook: bigint;
  /** Funds reserved by pending holds (moved out of own cash or a transfer book until posted or voided). */
  held: bigint;
  creditLimit: bigint;
  creditRefund: bigint;
  monthlyUncleared: bigint;
  historicalUncleared: bigint;
}

/** Cash balance = own cash + transfer book. Held funds are still the account's cash until the hold posts. */
export function cashBalance(b: AccountBooks): bigint {
  return b.ownCash + b.transferBook + b.held;
}

/** Available quota = cash balance + credit limit + credit refund − monthly uncleared − historical uncleared − holds. */
export function availableQuota(b: AccountBooks): bigint {
  return cashBalance(b) + b.creditLimit + b.creditRefund - b.monthlyUncleared - b.historicalUncleared - b.held;
}
