import type { Knex } from 'knex';
import { dualControlThreshold, setDualControlThreshold } from '../db/transfers/dual-control';
import { parseYuan } from '../domain/money';
import type { Principal } from '../domain/principal';
import { starterEnterprise } from './transfers';

export interface DualControl {
  enterpriseId: number;
  /** Fen: transfers and withdrawals of this amount or more wait for a second admin; null: none do. */
  threshold: bigint | null;
}

/** The enterprise admin's own enterprise's dual-control threshold. */
export async function getDualControl(db: Knex, principal: Principal): Promise<DualControl> {
  const enterpriseId = starterEnterprise(principal);
  return { enterpriseId, threshold: await dualControlThreshold(db, enterpriseId) };
}

/**
 * Sets the threshold (yuan, e.g. "50000.00") or, with null, removes it. Movements already past their check
 * keep the threshold they read.
 */
export async function setDualControl(db: Knex, principal: Principal, threshold: string | null): Promise<DualControl> {
  const enterpriseId = starterEnterprise(principal);
  const fen = threshold === null ? null : parseYuan(threshold, { field: 'threshold' });
  await setDualControlThreshold(db, enterpriseId, fen);
  return { enterpriseId, threshold: fen };
}
