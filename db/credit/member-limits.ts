import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
import type { LimitChange } from '../../domain/member-credit';
import { changeMemberCredit, moveMemberCredit, type LedgerResult } from '../ledger/operations';
import { transaction } from '../transaction';

type Conn = Knex | Knex.Transaction;

interface Common {
  enterpriseId: number;
  key: string;
  acceptStop: boolean;
  actor: string;
  reason: string;
}

export interface MemberLimitOutcome {
  result: LedgerResult;
  changes: LimitChange[];
}

/** Accounts of another enterprise are reported as missing, never as existing elsewhere. */
async function assertInEnterprise(db: Conn, enterpriseId: number, accountIds: number[]): Promise<void> {
  const rows = await db('accounts').whereIn('id', accountIds).andWhere({ enterprise_id: enterpriseId }).select('id');
  const found = new Set(rows.map((r) => r.id as number));
  const missing = accountIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new UamError('ACCOUNT_NOT_FOUND', `account ${missing} not found`, { accountId: missing });
}

/** The change records a ledger transaction wrote, oldest first: what the caller is told changed. */
async function changesOf(db: Conn, transactionId: bigint | null): Promise<LimitChange[]> {
  if (transactionId === null) return [];
  const rows = await db('credit_changes').where({ transaction_id: transactionId.toString() }).whereNotNull('account_id').orderBy('id');
  return rows.map((r) => ({ accountId: r.account_id, oldLimit: String(r.old_limit), newLimit: String(r.new_limit) }));
}

/**
 * Raises or lowers one account's credit limit by `delta`, or to `newLimit`. Setting a limit reads the current
 * one under the enterprise lock (the ledger's first lock), so the difference cannot go stale; a replayed key
 * returns its first result without recomputing it.
 */
export async function changeMemberLimit(
  db: Conn,
  p: Common & { accountId: number } & ({ delta: bigint } | { newLimit: bigint }),
): Promise<MemberLimitOutcome> {
  await assertInEnterprise(db, p.enterpriseId, [p.accountId]);
  return transaction(db, async (trx) => {
    let delta: bigint;
    if ('delta' in p) {
      delta = p.delta;
    } else {
      const prior = await trx('ledger_transactions').where({ idempotency_key: p.key }).first('id', 'kind', 'request');
      if (prior && prior.kind === 'change_member_credit' && prior.request?.account === p.accountId) {
        return { result: { transactionId: prior.id, replayed: true, refId: null }, changes: await changesOf(trx, prior.id) };
      }
      await trx.raw('SELECT id FROM enterprises WHERE id = ? FOR NO KEY UPDATE', [p.enterpriseId]);
      const account = await trx('accounts').where({ id: p.accountId }).first('credit_limit');
      delta = p.newLimit - (account.credit_limit as bigint);
      if (delta === 0n) {
        throw new UamError('INVALID_STATE', `account ${p.accountId} already has a credit limit of ${p.newLimit} fen`, {
          accountId: p.accountId, creditLimit: p.newLimit.toString(),
        });
      }
    }
    const result = await changeMemberCredit(trx, { ...p, delta });
    return { result, changes: await changesOf(trx, result.transactionId) };
  });
}

/** Moves credit limit between two accounts of the enterprise in one ledger transaction. */
export async function moveMemberLimit(
  db: Conn,
  p: Common & { fromAccountId: number; toAccountId: number; amount: bigint },
): Promise<MemberLimitOutcome> {
  await assertInEnterprise(db, p.enterpriseId, [p.fromAccountId, p.toAccountId]);
  const result = await moveMemberCredit(db, p);
  return { result, changes: await changesOf(db, result.transactionId) };
}
