import type { Knex } from 'knex';
import { UamError } from '../../core/errors';

type Conn = Knex | Knex.Transaction;

/** Enterprises as the API lists them; figures of money are in db/ledger/queries.ts. */
export interface EnterpriseSummary {
  id: number;
  name: string;
  externalId: string | null;
  maAccountId: number | null;
  accountCount: number;
  contractConfirmedAt: Date | null;
  dualControlThreshold: bigint | null;
  createdAt: Date;
}

const SUMMARY = `e.id, e.name, e.external_id, e.contract_confirmed_at, e.dual_control_threshold, e.created_at,
  (SELECT a.id FROM accounts a WHERE a.enterprise_id = e.id AND a.kind = 'ma') AS ma_account_id,
  (SELECT count(*)::int FROM accounts a WHERE a.enterprise_id = e.id) AS account_count`;

const toSummary = (r: Record<string, unknown>): EnterpriseSummary => ({
  id: r.id as number,
  name: r.name as string,
  externalId: (r.external_id as string | null) ?? null,
  maAccountId: (r.ma_account_id as number | null) ?? null,
  accountCount: r.account_count as number,
  contractConfirmedAt: (r.contract_confirmed_at as Date | null) ?? null,
  dualControlThreshold: (r.dual_control_threshold as bigint | null) ?? null,
  createdAt: r.created_at as Date,
});

/** Enterprises by id, keyset-paged (`after` = last id of the previous page); `only` restricts to one enterprise. */
export async function listEnterprises(db: Conn, q: { limit: number; after?: number; only?: number }): Promise<EnterpriseSummary[]> {
  const { rows } = await db.raw(
    `SELECT ${SUMMARY} FROM enterprises e WHERE e.id > ? AND (?::int IS NULL OR e.id = ?) ORDER BY e.id LIMIT ?`,
    [q.after ?? 0, q.only ?? null, q.only ?? null, q.limit],
  );
  return rows.map(toSummary);
}

export async function getEnterprise(db: Conn, enterpriseId: number): Promise<EnterpriseSummary> {
  const { rows } = await db.raw(`SELECT ${SUMMARY} FROM enterprises e WHERE e.id = ?`, [enterpriseId]);
  if (!rows[0]) throw new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} not found`, { enterpriseId });
  return toSummary(rows[0]);
}

/** The id of the enterprise with this external id, if any. */
export async function enterpriseIdByExternalId(db: Conn, externalId: string): Promise<number | null> {
  const row = await db('enterprises').where({ external_id: externalId }).first('id');
  return (row?.id as number | undefined) ?? null;
}

/**
 * Inserts an enterprise unless one with its external id exists already (then returns null: a concurrent
 * twin may have just made it).
 */
export async function insertEnterprise(trx: Conn, e: { name: string; externalId: string | null; dualControlThreshold: bigint | null }): Promise<number | null> {
  const { rows } = await trx.raw(
    `INSERT INTO enterprises (name, external_id, dual_control_threshold) VALUES (?, ?, ?)
     ON CONFLICT (external_id) DO NOTHING RETURNING id`,
    [e.name, e.externalId, e.dualControlThreshold?.toString() ?? null],
  );
  return (rows[0]?.id as number | undefined) ?? null;
}

/** Changes the name and/or external id; returns what they were. */
export async function updateEnterprise(trx: Conn, enterpriseId: number, change: { name?: string; externalId?: string | null }) {
  const { rows } = await trx.raw('SELECT name, external_id FROM enterprises WHERE id = ? FOR NO KEY UPDATE', [enterpriseId]);
  if (!rows[0]) throw new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} not found`, { enterpriseId });
  const before = { name: rows[0].name as string, externalId: (rows[0].external_id as string | null) ?? null };
  const patch = {
    ...(change.name !== undefined && { name: change.name }),
    ...(change.externalId !== undefined && { external_id: change.externalId }),
  };
  if (Object.keys(patch).length > 0) await trx('enterprises').where({ id: enterpriseId }).update(patch);
  return before;
}

export async function enterpriseExists(db: Conn, enterpriseId: number): Promise<boolean> {
  return Boolean(await db('enterprises').where({ id: enterpriseId }).first('id'));
}
