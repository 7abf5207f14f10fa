import type { MovementInput, MovementStatus } from '../domain/transfers';
import { runMovement } from './transfer-saga';

export { decideMovementUpdate, movementStatusQuery } from './transfer-saga';

/** Transfer A → B: A's own cash lands in B's transfer book under source A (workflow id `transfer-<requestId>`). */
export async function transferWorkflow(input: Omit<MovementInput, 'kind'>): Promise<MovementStatus> {
  return runMovement({ ...input, kind: 'transfer' });
}
