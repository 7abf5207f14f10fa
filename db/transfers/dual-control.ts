import type { Knex } from 'knex';
import { UamError } from '../../core/errors';

type Conn = Knex | Knex.Transaction;

/**
 * The amount (fen) at or above which an enterprise's transfers and withdrawals wait for a second admin's
 * approval; null when the enterprise has not set one.
 */
export async function dualControlThreshold(db: Conn, enterpriseId: number): Promise<bigint | null> {
  const row = await db('enterprises').where({ id: enterpriseId }).first('dual_control_threshold');
  if (!row) throw new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} does not exist`, { enterpriseId });
  return (row.dual_control_threshold as bigint | null) ?? null;
}

/** Sets (or, with null, removes) the threshold. Movements already past their check keep the one they read. */
export async function setDualControlThreshold(db: Conn, enterpriseId: number, threshold: bigint | null): Promise<void> {
  const updated = await db('enterprises').where({ id: enterpriseId }).update({ dual_control_threshold: threshold });
  if (updated === 0) throw new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} does not exist`, { enterpriseId });
}
