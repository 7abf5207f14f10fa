import { maxFen, minFen } from './money';

/** The books of one member account, in fen, as the ledger keeps them (see DESIGN.md "Books of one member account"). */
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

/** An account whose available quota is 0 or below is stopped (overdue). */
export function isOverdue(b: AccountBooks): boolean {
  return availableQuota(b) <= 0n;
}

/**
 * Maximum A may transfer: min(available quota, cash balance − transfer book). Cash minus transfer book is
 * the account's own cash, so funds received by transfer are never transferred again. Never negative.
 */
export function maxTransferable(a: AccountBooks): bigint {
  return maxFen(0n, minFen(availableQuota(a), a.ownCash));
}

/** What B holds from A and what A has sent B and not yet taken back. */
export interface TransferPair {
  /** B's transfer book under source A (unconsumed, not on hold). */
  bookFromSource: bigint;
  /** Total A transferred to B minus what A already withdrew. */
  transferredNotWithdrawn: bigint;
}

/** Maximum A may withdraw from B: min(B's transfer book from A, sent-and-not-withdrawn, B's available quota). */
export function maxWithdrawable(b: AccountBooks, pair: TransferPair): bigint {
  return maxFen(0n, minFen(pair.bookFromSource, pair.transferredNotWithdrawn, availableQuota(b)));
}

/** Enterprise credit: total, assigned to members, available to assign. */
export interface EnterpriseCredit {
  total: bigint;
  assigned: bigint;
}

export function enterpriseAvailable(c: EnterpriseCredit): bigint {
  return c.total - c.assigned;
}

/** A member limit decrease leaves the account stopped when its available quota would fall to 0 or below. */
export function decreaseWouldStop(b: AccountBooks, decrease: bigint): boolean {
  return availableQuota(b) - decrease <= 0n;
}
