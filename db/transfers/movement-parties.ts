import type { Knex } from 'knex';
import type { MovementParty } from '../../domain/movement-check';
import type { MovementKind } from '../../domain/transfers';

type Conn = Knex | Knex.Transaction;

export interface MovementPartiesQuery {
  kind: MovementKind;
  fromAccountId: number;
  toAccountId: number;
  /** The movement's hold key: whether the ledger already has it tells a re-run check from a first one. */
  holdKey: string;
}

/**
 * Both accounts of a movement in one round trip: enterprise, status, the enterprise's dual-control threshold
 * and, for the account whose funds move, the ledger's own transferable / withdrawable figure. Missing
 * accounts are simply absent.
 */
export async function movementParties(db: Conn, q: MovementPartiesQuery): Promise<{ parties: MovementParty[]; holdPlaced: boolean }> {
  const maximum = q.kind === 'transfer' ? 'uam_max_transferable(a)' : 'uam_max_withdrawable(a, ?::int)';
  const { rows } = await db.raw(
    `SELECT a.id, a.enterprise_id, a.status, e.dual_control_threshold, CASE WHEN a.id = ? THEN ${maximum} END AS maximum,
       EXISTS (SELECT 1 FROM ledger_transactions WHERE idempotency_key = ?) AS hold_placed
     FROM accounts a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id IN (?, ?)`,
    [q.fromAccountId, ...(q.kind === 'transfer' ? [] : [q.toAccountId]), q.holdKey, q.fromAccountId, q.toAccountId],
  );
  const parties = (rows as Array<Record<string, unknown>>).map((r) => ({
    accountId: r.id as number,
    enterpriseId: r.enterprise_id as number,
    status: r.status as MovementParty['status'],
    dualControlThreshold: (r.dual_control_threshold as bigint | null) ?? null,
    maximum: (r.maximum as bigint | null) ?? null,
  }));
  return { parties, holdPlaced: rows.some((r: { hold_placed: boolean }) => r.hold_placed) };
}
