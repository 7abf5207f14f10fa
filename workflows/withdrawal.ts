import type { MovementInput, MovementStatus } from '../domain/transfers';
import { runMovement } from './transfer-saga';

export { decideMovementUpdate, movementStatusQuery } from './transfer-saga';

/**
 * Withdrawal B → A: unconsumed funds A transferred to B go back to A's own cash (workflow id
 * `withdrawal-<requestId>`). `fromAccountId` is the holder B, `toAccountId` the source A.
 */
export async function withdrawalWorkflow(input: Omit<MovementInput, 'kind'>): Promise<MovementStatus> {
  return runMovement({ ...input, kind: 'withdrawal' });
}
