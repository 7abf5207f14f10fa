import type { Knex } from 'knex';
import { preparedRows } from '../prepared';

type Conn = Knex | Knex.Transaction;

/** One source of an account's transfer book, in fen. */
export interface TransferSource {
  sourceAccountId: number;
  sourceName: string;
  /** Unconsumed funds received from this source. */
  balance: bigint;
  /** What this source may withdraw back now: the ledger's own withdrawal maximum (uam_preview_movement). */
  withdrawable: bigint;
}

/** The account's transfer book per source, with each source's name and withdrawal maximum, oldest book first. */
export async function transferSources(db: Conn, accountId: number): Promise<TransferSource[]> {
  const rows = await preparedRows(db,
    `SELECT la.source_account_id, s.name, la.balance,
            (uam_preview_movement('withdrawal', la.account_id, la.source_account_id)->>'maximum')::bigint AS withdrawable
     FROM ledger_accounts la JOIN accounts s ON s.id = la.source_account_id
     WHERE la.account_id = ? AND la.kind = 'transfer_book' ORDER BY la.id`,
    [accountId],
  );
  return (rows as Array<{ source_account_id: number; name: string; balance: bigint; withdrawable: bigint }>)
    .map((r) => ({ sourceAccountId: r.source_account_id, sourceName: r.name, balance: r.balance, withdrawable: r.withdrawable }));
}
