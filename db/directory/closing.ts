import type { Knex } from 'knex';
import { asUamError } from '../../core/failures';

type Conn = Knex | Knex.Transaction;

async function call(db: Conn, fn: 'uam_close_account' | 'uam_reopen_account', accountId: number, actor: string, reason?: string): Promise<boolean> {
  try {
    const { rows } = await db.raw(`SELECT ${fn}(?, ?, ?) AS changed`, [accountId, actor, reason ?? null]);
    return rows[0].changed as boolean;
  } catch (err) {
    throw asUamError(err) ?? err;
  }
}

/**
 * Closes an account that holds nothing, under its row lock (db/sql/ledger-directory.sql): refused with
 * ACCOUNT_NOT_EMPTY listing each kind of money left. Returns false when it was closed already.
 */
export const closeAccount = (db: Conn, accountId: number, actor: string, reason?: string) => call(db, 'uam_close_account', accountId, actor, reason);

/** Reopens a closed account; returns false when it was open. */
export const reopenAccount = (db: Conn, accountId: number, actor: string, reason?: string) => call(db, 'uam_reopen_account', accountId, actor, reason);
