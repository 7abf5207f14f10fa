import type { Knex } from 'knex';
import { asUamError } from '../../core/failures';
import { limitOf, type Limit } from '../../domain/limits';

type Conn = Knex | Knex.Transaction;

/**
 * The ledger's previews (db/sql/ledger-limits.sql): what a guarded operation allows now, which term limits it
 * and the figures. With `refuse`, an amount over the maximum is refused exactly as the operation would refuse
 * it (same code, same details) instead of answered with `allowed: false`.
 */
export interface MovementPreview extends Limit {
  from: number;
  to: number;
  /** The enterprise's dual-control threshold (fen), or null when it has none. */
  approvalThreshold: bigint | null;
}

export interface CreditChangePreview extends Limit {
  accountId: number;
  currentLimit: bigint;
  newLimit: bigint;
  direction: 'increase' | 'decrease';
}

export interface CreditMovePreview extends Limit {
  from: number;
  to: number;
}

/** Fen as the decimal text Postgres reads into bigint exactly. */
const fen = (value: bigint | undefined): string | null => (value === undefined ? null : value.toString());

async function ask(db: Conn, sql: string, args: Array<string | number | boolean | null>): Promise<Record<string, unknown>> {
  try {
    const { rows } = await db.raw(`SELECT ${sql} AS preview`, args);
    return rows[0].preview as Record<string, unknown>;
  } catch (err) {
    throw asUamError(err) ?? err;
  }
}

export interface MovementQuery {
  kind: 'transfer' | 'withdrawal';
  /** Whose funds move: the sender of a transfer, the holder of a withdrawal. */
  from: number;
  to: number;
  amount?: bigint;
  refuse?: boolean;
  /**
   * The movement's own hold key: once its hold exists (the check runs again after a crash), the held funds are
   * no longer in the maximum and the hold itself proved them, so the amount is not judged again.
   */
  holdKey?: string;
}

export async function previewMovement(db: Conn, q: MovementQuery): Promise<MovementPreview> {
  const raw = await ask(db, 'uam_preview_movement(?, ?, ?, ?::bigint, ?, ?)', [q.kind, q.from, q.to, fen(q.amount), q.refuse ?? false, q.holdKey ?? null]);
  const threshold = raw.approvalThreshold as string | null;
  return { ...limitOf(raw), from: raw.from as number, to: raw.to as number, approvalThreshold: threshold === null ? null : BigInt(threshold) };
}

/** Setting an account's credit limit to `newLimit` (fen). */
export async function previewCreditChange(db: Conn, q: { accountId: number; newLimit: bigint; acceptStop?: boolean }): Promise<CreditChangePreview> {
  const raw = await ask(db, 'uam_preview_credit_change(?, ?, ?)', [q.accountId, fen(q.newLimit), q.acceptStop ?? false]);
  return {
    ...limitOf(raw), accountId: raw.accountId as number, currentLimit: BigInt(raw.currentLimit as string),
    newLimit: BigInt(raw.newLimit as string), direction: raw.direction as CreditChangePreview['direction'],
  };
}

/** Moving credit limit from one account to another. */
export async function previewCreditMove(db: Conn, q: { from: number; to: number; amount?: bigint; acceptStop?: boolean }): Promise<CreditMovePreview> {
  const raw = await ask(db, 'uam_preview_credit_move(?, ?, ?::bigint, ?)', [q.from, q.to, fen(q.amount), q.acceptStop ?? false]);
  return { ...limitOf(raw), from: raw.from as number, to: raw.to as number };
}
