import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/** Keyset page: newest first, `before` is the last id of the previous page. */
export interface PageRequest {
  limit: number;
  before?: bigint;
}

export interface CreditChange {
  id: bigint;
  enterpriseId: number;
  accountId: number | null;
  actor: string;
  oldLimit: bigint;
  newLimit: bigint;
  reason: string;
  createdAt: Date;
}

/** Credit change records: the enterprise total's (accountId omitted) or one account's. */
export async function creditHistory(
  db: Conn,
  scope: { enterpriseId: number; accountId?: number },
  page: PageRequest,
): Promise<CreditChange[]> {
  const q = db('credit_changes').where({ enterprise_id: scope.enterpriseId });
  if (scope.accountId === undefined) q.whereNull('account_id');
  else q.where({ account_id: scope.accountId });
  if (page.before !== undefined) q.where('id', '<', page.before.toString());
  const rows = await q.orderBy('id', 'desc').limit(page.limit);
  return rows.map((r) => ({
    id: r.id,
    enterpriseId: r.enterprise_id,
    accountId: r.account_id,
    actor: r.actor,
    oldLimit: r.old_limit,
    newLimit: r.new_limit,
    reason: r.reason,
    createdAt: r.created_at,
  }));
}

export interface AccountEntry {
  entryId: bigint;
  transactionId: bigint;
  kind: string;
  book: string;
  sourceAccountId: number | null;
  /** Change of the figure the user sees (debts shown as positive amounts owed). */
  amount: bigint;
  actor: string;
  createdAt: Date;
}

const DEBT_BOOKS = new Set(['monthly_uncleared', 'historical_uncleared']);

/** An account's ledger entries on its own books (not the external counterparts), newest first. */
export async function transactionHistory(db: Conn, accountId: number, page: PageRequest): Promise<AccountEntry[]> {
  const q = db('ledger_entries as e')
    .join('ledger_accounts as la', 'la.id', 'e.ledger_account_id')
    .join('ledger_transactions as t', 't.id', 'e.transaction_id')
    .where('la.account_id', accountId)
    .whereNot('la.kind', 'like', 'ext\\_%')
    .select('e.id', 'e.transaction_id', 't.kind', 'la.kind as book', 'la.source_account_id', 'e.amount', 't.actor', 't.created_at');
  if (page.before !== undefined) q.where('e.id', '<', page.before.toString());
  const rows = await q.orderBy('e.id', 'desc').limit(page.limit);
  return rows.map((r) => ({
    entryId: r.id,
    transactionId: r.transaction_id,
    kind: r.kind,
    book: r.book,
    sourceAccountId: r.source_account_id,
    amount: DEBT_BOOKS.has(r.book) ? -(r.amount as bigint) : r.amount,
    actor: r.actor,
    createdAt: r.created_at,
  }));
}
