import type { Db } from '../db/connection';
import { previewCreditChange, previewCreditMove, previewMovement, type MovementPreview } from '../db/ledger/previews';
import { explainLimit, type Limit, type LimitSubject } from '../domain/limits';
import { parseYuan } from '../domain/money';
import type { Principal } from '../domain/principal';
import { requiresApproval, type MovementKind } from '../domain/transfers';
import { accountInScope, accountPairInScope } from './scope';

export type { CreditChangePreview, CreditMovePreview, MovementPreview } from '../db/ledger/previews';

/**
 * Previews of the guarded operations: the maximum allowed now, the term that limits it, the figures, and the
 * sentence that explains them — for the panels before a user commits, and for the prompt refusal the API gives
 * before it starts a workflow. The ledger computes every figure; amounts here are yuan strings in, fen out.
 */
export interface Explained<P extends Limit> {
  preview: P;
  message: string;
}

export interface MovementVerdict extends Explained<MovementPreview> {
  /** Needs a second admin: the amount is at or above the enterprise's threshold (false without an amount). */
  approvalRequired: boolean;
}

const amountOf = (amount: string | undefined, field = 'amount') => (amount === undefined ? undefined : parseYuan(amount, { field }));

const explained = <P extends Limit>(subject: LimitSubject, preview: P): Explained<P> => ({ preview, message: explainLimit(subject, preview) });

/**
 * A transfer from `from` to `to`, or a withdrawal from holder `from` back to source `to`, for `amount` if given.
 * `refuse`: an amount over the maximum is refused as the operation would refuse it (the API's pre-check).
 */
export async function previewMovementFor(
  db: Db, principal: Principal, kind: MovementKind, q: { from: number; to: number; amount?: string; refuse?: boolean },
): Promise<MovementVerdict> {
  const amount = amountOf(q.amount);
  await accountPairInScope(db, principal, q.refuse ? 'transfers.write' : 'transfers.read', q.from, q.to);
  const preview = await previewMovement(db, { kind, from: q.from, to: q.to, amount, refuse: q.refuse });
  return {
    ...explained({ operation: kind, from: q.from, to: q.to }, preview),
    approvalRequired: amount !== undefined && requiresApproval(amount, preview.approvalThreshold),
  };
}

/** Setting a member's credit limit to `newLimit` (yuan): how far it may go up or down from where it is. */
export async function previewCreditChangeFor(db: Db, principal: Principal, q: { accountId: number; newLimit: string; acceptStop?: boolean }) {
  const newLimit = parseYuan(q.newLimit, { allowZero: true, field: 'newLimit' });
  await accountInScope(db, principal, 'limits.write', q.accountId);
  const preview = await previewCreditChange(db, { accountId: q.accountId, newLimit, acceptStop: q.acceptStop });
  const explanation = explained({ operation: `credit_${preview.direction}`, accountId: q.accountId }, preview);
  if (preview.amount === 0n) return { ...explanation, message: `account ${q.accountId} already has that credit limit` };
  return explanation;
}

/** Moving credit limit from `from` to `to`, for `amount` (yuan) if given. */
export async function previewCreditMoveFor(db: Db, principal: Principal, q: { from: number; to: number; amount?: string; acceptStop?: boolean }) {
  const amount = amountOf(q.amount);
  await accountPairInScope(db, principal, 'limits.write', q.from, q.to);
  const preview = await previewCreditMove(db, { from: q.from, to: q.to, amount, acceptStop: q.acceptStop });
  return explained({ operation: 'credit_move', from: q.from, to: q.to }, preview);
}
