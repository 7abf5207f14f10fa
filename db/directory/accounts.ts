import type { Knex } from 'knex';
import { UamError } from '../../core/errors';

type Conn = Knex | Knex.Transaction;

/** An account as the directory sees it: who it is, not what it holds (that is db/ledger/queries.ts). */
export interface AccountEntry {
  id: number;
  enterpriseId: number;
  kind: 'ma' | 'member';
  name: string;
  status: 'active' | 'stopped' | 'closed';
  externalId: string | null;
}

const COLUMNS = `a.id, a.enterprise_id, a.kind, a.name, a.status,
  (SELECT x.external_id FROM account_external_ids x WHERE x.account_id = a.id) AS external_id`;

const toEntry = (r: Record<string, unknown>): AccountEntry => ({
  id: r.id as number,
  enterpriseId: r.enterprise_id as number,
  kind: r.kind as AccountEntry['kind'],
  name: r.name as string,
  status: r.status as AccountEntry['status'],
  externalId: (r.external_id as string | null) ?? null,
});

export async function findAccount(db: Conn, accountId: number): Promise<AccountEntry | null> {
  const { rows } = await db.raw(`SELECT ${COLUMNS} FROM accounts a WHERE a.id = ?`, [accountId]);
  return rows[0] ? toEntry(rows[0]) : null;
}

export async function findAccountByExternalId(db: Conn, externalId: string): Promise<AccountEntry | null> {
  const { rows } = await db.raw(
    `SELECT ${COLUMNS} FROM account_external_ids x JOIN accounts a ON a.id = x.account_id WHERE x.external_id = ?`,
    [externalId],
  );
  return rows[0] ? toEntry(rows[0]) : null;
}

/** The enterprise's accounts that carry one of these external ids (bulk import), by external id. */
export async function accountsByExternalIds(db: Conn, externalIds: string[]): Promise<Map<string, AccountEntry>> {
  const { rows } = await db.raw(
    `SELECT ${COLUMNS} FROM account_external_ids x JOIN accounts a ON a.id = x.account_id WHERE x.external_id = ANY(?::text[])`,
    [externalIds],
  );
  return new Map((rows as Array<Record<string, unknown>>).map((r) => [r.external_id as string, toEntry(r)]));
}

/**
 * Account creation in an enterprise is serialized by this transaction lock, so "is this external id there
 * yet?" and the insert that follows see the same world (a sync job and an import may run at once).
 */
export async function lockAccountCreation(trx: Knex.Transaction, enterpriseId: number): Promise<void> {
  await trx.raw("SELECT pg_advisory_xact_lock(hashtext('uam directory: account creation'), ?)", [enterpriseId]);
}

/** Inserts accounts of one enterprise in one statement; returns their ids in the order given. */
export async function insertAccounts(
  trx: Knex.Transaction,
  enterpriseId: number,
  accounts: Array<{ kind: 'ma' | 'member'; name: string; externalId: string | null }>,
): Promise<number[]> {
  if (accounts.length === 0) return [];
  const { rows } = await trx.raw(
    `INSERT INTO accounts (enterprise_id, kind, name)
     SELECT ?, r.kind, r.name FROM ROWS FROM (jsonb_to_recordset(?::jsonb) AS (kind text, name text)) WITH ORDINALITY AS r(kind, name, n)
     ORDER BY r.n
     RETURNING id`,
    [enterpriseId, JSON.stringify(accounts.map(({ kind, name }) => ({ kind, name })))],
  );
  // Identity values follow the order rows are inserted in, which is the ORDER BY above.
  const ids = (rows as Array<{ id: number }>).map((r) => r.id).sort((a, b) => a - b);
  const external = accounts.flatMap((a, i) => (a.externalId === null ? [] : [{ account_id: ids[i]!, external_id: a.externalId }]));
  if (external.length > 0) await trx('account_external_ids').insert(external);
  return ids;
}

/** Renames and/or re-keys an open account; returns what it was. A closed account is read-only. */
export async function updateAccount(trx: Knex.Transaction, accountId: number, change: { name?: string; externalId?: string | null }) {
  const { rows } = await trx.raw(`SELECT ${COLUMNS} FROM accounts a WHERE a.id = ? FOR NO KEY UPDATE`, [accountId]);
  if (!rows[0]) throw new UamError('ACCOUNT_NOT_FOUND', `account ${accountId} not found`, { accountId });
  const before = toEntry(rows[0]);
  if (before.status === 'closed') throw new UamError('ACCOUNT_CLOSED', `account ${accountId} is closed: reopen it first`, { accountId });
  if (change.name !== undefined && change.name !== before.name) await trx('accounts').where({ id: accountId }).update({ name: change.name });
  if (change.externalId !== undefined && change.externalId !== before.externalId) {
    await trx('account_external_ids').where({ account_id: accountId }).delete();
    if (change.externalId !== null) await trx('account_external_ids').insert({ account_id: accountId, external_id: change.externalId });
  }
  return before;
}

/** Renames many accounts of one enterprise in one statement (bulk import). */
export async function renameAccounts(trx: Knex.Transaction, renames: Array<{ id: number; name: string }>): Promise<void> {
  if (renames.length === 0) return;
  await trx.raw(
    `UPDATE accounts a SET name = r.name FROM jsonb_to_recordset(?::jsonb) AS r(id integer, name text)
     WHERE a.id = r.id AND a.status <> 'closed'`,
    [JSON.stringify(renames)],
  );
}

/** An account as scope checks see it: which enterprise it belongs to and what kind it is. */
export interface AccountRef {
  id: number;
  enterpriseId: number;
  kind: 'ma' | 'member';
}

/** The accounts among `ids` that exist (ids out of range are simply absent). */
export async function accountsById(db: Conn, ids: number[]): Promise<AccountRef[]> {
  const valid = ids.filter((id) => Number.isInteger(id) && id > 0 && id <= 2 ** 31 - 1);
  if (valid.length === 0) return [];
  const rows = await db('accounts').whereIn('id', valid).select('id', 'enterprise_id', 'kind');
  return rows.map((r) => ({ id: r.id as number, enterpriseId: r.enterprise_id as number, kind: r.kind as AccountRef['kind'] }));
}
