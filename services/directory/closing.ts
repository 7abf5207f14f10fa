import type { Knex } from 'knex';
import { closeAccount, reopenAccount } from '../../db/directory/closing';
import { getAccount, type AccountFigures } from '../../db/ledger/queries';
import { actorOf, type Principal } from '../../domain/principal';
import { requireText } from '../credit-access';
import { reachAccount } from './scope';

/** An optional reason, kept with the change record. */
const reasonOf = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : requireText(value, 'reason'));

export interface ClosingResult {
  account: AccountFigures;
  /** False when the account already was in the state asked for: nothing changed. */
  changed: boolean;
}

/**
 * Closes an account (platform ops). The ledger decides, under the account's lock: refused with
 * ACCOUNT_NOT_EMPTY while it holds or owes anything, listing each kind. Closed, it keeps its history and is
 * read-only.
 */
export async function closeAccountEntry(db: Knex, principal: Principal, accountId: number, reason?: unknown): Promise<ClosingResult> {
  await reachAccount(db, principal, 'directory.write', accountId);
  const changed = await closeAccount(db, accountId, actorOf(principal), reasonOf(reason));
  return { account: await getAccount(db, accountId), changed };
}

/** Reopens a closed account (platform ops). */
export async function reopenAccountEntry(db: Knex, principal: Principal, accountId: number, reason?: unknown): Promise<ClosingResult> {
  await reachAccount(db, principal, 'directory.write', accountId);
  const changed = await reopenAccount(db, accountId, actorOf(principal), reasonOf(reason));
  return { account: await getAccount(db, accountId), changed };
}
