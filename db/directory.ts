import type { Knex } from 'knex';
import { UamError } from '../core/errors';

type Conn = Knex | Knex.Transaction;

/** Enterprises as the API lists them; figures of money are in db/ledger/queries.ts. */
export interface EnterpriseSummary {
  id: number;
  name: string;
  maAccountId: number | null;
  accountCount: number;
  contractConfirmedAt: Date | null;
  dualControlThreshold: bigint | null;
  createdAt: Date;
}

const SUMMARY = `e.id, e.name, e.contract_confirmed_at, e.dual_control_threshold, e.created_at,
  (SELECT a.id FROM accounts a WHERE a.enterprise_id = e.id AND a.kind = 'ma') AS ma_account_id,
  (SELECT count(*)::int FROM accounts a WHERE a.enterprise_id = e.id) AS account_count`;

const toSummary = (r: Record<string, unknown>): EnterpriseSummary => ({
  id: r.id as number,
  name: r.name as string,
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
