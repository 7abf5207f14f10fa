import type { Knex } from 'knex';
import type { LimitChange } from '../../domain/member-credit';
import { changeMemberCredit, moveMemberCredit, setMemberCredit, type LedgerResult } from '../ledger/operations';

type Conn = Knex | Knex.Transaction;

interface Common {
  key: string;
  acceptStop: boolean;
  actor: string;
  reason: string;
}

export interface MemberLimitOutcome {
  result: LedgerResult;
  changes: LimitChange[];
}

/** The change records a ledger transaction wrote, oldest first: what the caller is told changed. */
async function changesOf(db: Conn, transactionId: bigint | null): Promise<LimitChange[]> {
  if (transactionId === null) return [];
  const rows = await db('credit_changes').where({ transaction_id: transactionId.toString() }).whereNotNull('account_id').orderBy('id');
  return rows.map((r) => ({ accountId: r.account_id, oldLimit: String(r.old_limit), newLimit: String(r.new_limit) }));
}

/**
 * Raises or lowers one account's credit limit by `delta`, or sets it to `newLimit` (the ledger reads the current
 * limit under its locks; a replayed key returns its first result). Returns the change records written.
 */
export async function changeMemberLimit(
  db: Conn,
  p: Common & { accountId: number } & ({ delta: bigint } | { newLimit: bigint }),
): Promise<MemberLimitOutcome> {
  const result = 'delta' in p ? await changeMemberCredit(db, p) : await setMemberCredit(db, p);
  return { result, changes: await changesOf(db, result.transactionId) };
}

/** Moves credit limit between two accounts of the enterprise in one ledger transaction. */
export async function moveMemberLimit(db: Conn, p: Common & { fromAccountId: number; toAccountId: number; amount: bigint }): Promise<MemberLimitOutcome> {
  const result = await moveMemberCredit(db, p);
  return { result, changes: await changesOf(db, result.transactionId) };
}
