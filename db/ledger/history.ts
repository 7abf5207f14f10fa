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
  /** The other member/MA account of a transfer, withdrawal, hold or credit move; null for the rest. */
  counterparty: { accountId: number; name: string } | null;
  /** The outside book the money came from or went to ('ext_topup', 'ext_consumption', …, 'credit_available'), if any. */
  external: string | null;
}

/**
 * The other account of a two-account operation: the request's from/to (transfers, withdrawals, their holds,
 * credit moves), or the hold a post/void settles.
 */
const COUNTERPARTY_ID = `coalesce(
  CASE WHEN t.request->>'from' ~ '^[0-9]{1,9}$' AND t.request->>'to' ~ '^[0-9]{1,9}$' THEN
    CASE la.account_id WHEN (t.request->>'from')::int THEN (t.request->>'to')::int WHEN (t.request->>'to')::int THEN (t.request->>'from')::int END END,
  (SELECT CASE h.from_account_id WHEN la.account_id THEN h.to_account_id ELSE h.from_account_id END
   FROM holds h WHERE t.request->>'hold' ~ '^[0-9]{1,18}$' AND h.id = (t.request->>'hold')::bigint))`;

/** The transaction's leg outside the account's books: an external book, or the enterprise's credit pool. */
const EXTERNAL = `(SELECT xa.kind FROM ledger_entries xe JOIN ledger_accounts xa ON xa.id = xe.ledger_account_id
  WHERE xe.transaction_id = t.id AND (xa.kind LIKE 'ext\\_%' OR xa.kind = 'credit_available') ORDER BY xe.id LIMIT 1)`;

const DEBT_BOOKS = new Set(['monthly_uncleared', 'historical_uncleared']);

/** An account's ledger entries on its own books (not the external counterparts), newest first. */
export async function transactionHistory(db: Conn, accountId: number, page: PageRequest): Promise<AccountEntry[]> {
  const q = db('ledger_entries as e')
    .join('ledger_accounts as la', 'la.id', 'e.ledger_account_id')
    .join('ledger_transactions as t', 't.id', 'e.transaction_id')
    .where('la.account_id', accountId)
    .whereNot('la.kind', 'like', 'ext\\_%')
    .select('e.id', 'e.transaction_id', 't.kind', 'la.kind as book', 'la.source_account_id', 'e.amount', 't.actor', 't.created_at')
    .select(db.raw(`${COUNTERPARTY_ID} AS counterparty_id`), db.raw(`${EXTERNAL} AS external`));
  if (page.before !== undefined) q.where('e.id', '<', page.before.toString());
  const rows = await db.with('page', q.orderBy('e.id', 'desc').limit(page.limit))
    .select('page.*', 'c.name as counterparty_name').from('page')
    .leftJoin('accounts as c', 'c.id', 'page.counterparty_id')
    .orderBy('page.id', 'desc');
  return rows.map((r) => ({
    entryId: r.id,
    transactionId: r.transaction_id,
    kind: r.kind,
    book: r.book,
    sourceAccountId: r.source_account_id,
    amount: DEBT_BOOKS.has(r.book) ? -(r.amount as bigint) : r.amount,
    actor: r.actor,
    createdAt: r.created_at,
    counterparty: r.counterparty_id === null ? null : { accountId: r.counterparty_id, name: r.counterparty_name },
    external: r.external,
  }));
}
