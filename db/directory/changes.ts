import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

export type DirectoryAction =
  | 'enterprise.created' | 'enterprise.updated' | 'account.created' | 'account.updated' | 'contacts.changed'
  | 'settings.changed' | 'token.created' | 'token.revoked' | 'accounts.imported';
// 'account.closed' and 'account.reopened' are written by the ledger functions that decide them.

export interface DirectoryChange {
  enterpriseId: number;
  accountId?: number | null;
  action: DirectoryAction;
  actor: string;
  details?: Record<string, unknown>;
}

/** Records who changed what, in the change's own transaction. */
export async function recordChanges(trx: Conn, changes: DirectoryChange[]): Promise<void> {
  if (changes.length === 0) return;
  await trx.raw(
    `INSERT INTO directory_changes (enterprise_id, account_id, action, actor, details)
     SELECT r.enterprise_id, r.account_id, r.action, r.actor, r.details FROM jsonb_to_recordset(?::jsonb)
       AS r(enterprise_id integer, account_id integer, action text, actor text, details jsonb)`,
    [JSON.stringify(changes.map((c) => ({
      enterprise_id: c.enterpriseId, account_id: c.accountId ?? null, action: c.action, actor: c.actor, details: c.details ?? {},
    })))],
  );
}

export interface DirectoryChangeRecord {
  id: bigint;
  accountId: number | null;
  action: string;
  actor: string;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** An enterprise's directory changes (or one account's), newest first, keyset-paged on id. */
export async function listChanges(
  db: Conn,
  q: { enterpriseId: number; accountId?: number; limit: number; before?: string },
): Promise<DirectoryChangeRecord[]> {
  const rows = await db('directory_changes')
    .where({ enterprise_id: q.enterpriseId })
    .modify((b) => {
      if (q.accountId !== undefined) b.where({ account_id: q.accountId });
      if (q.before !== undefined) b.where('id', '<', q.before);
    })
    .orderBy('id', 'desc')
    .limit(q.limit);
  return (rows as Array<Record<string, unknown>>).map((r) => ({
    id: r.id as bigint, accountId: (r.account_id as number | null) ?? null, action: r.action as string, actor: r.actor as string,
    details: r.details as Record<string, unknown>, createdAt: r.created_at as Date,
  }));
}
