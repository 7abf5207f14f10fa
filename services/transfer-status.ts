import type { WorkflowHandle } from '@temporalio/client';
import { UamError } from '../core/errors';
import { reachesEnterprise } from '../domain/permissions';
import type { Principal } from '../domain/principal';
import { batchWorkflowId, movementWorkflowId, type BatchStatus, type MovementKind, type MovementStatus } from '../domain/transfers';
import { batchStatusQuery } from '../workflows/batch-transfer';
import { decideMovementUpdate, movementStatusQuery } from '../workflows/transfer-saga';
import { requirePermission } from '../domain/permissions';
import { actorFrom, requireRequestId, starterEnterprise, type TransferDeps } from './transfers';
import { fromTemporal } from './temporal-errors';

export interface MovementRef {
  principal: Principal;
  kind: MovementKind;
  requestId: string;
}

const notFound = (workflowId: string) => () => new UamError('NOT_FOUND', `${workflowId.replace('-', ' ')} not found`, { workflowId });

/** A Temporal call's failure as the UamError users see. */
const answer = <T>(workflowId: string, call: Promise<T>): Promise<T> =>
  call.catch((err: unknown) => { throw fromTemporal(err, notFound(workflowId)); });

/** The workflow's handle if the principal's scope reaches its enterprise; otherwise it does not exist for them. */
async function visible(deps: TransferDeps, principal: Principal, workflowId: string): Promise<WorkflowHandle> {
  requirePermission(principal, 'transfers.read');
  const handle = deps.temporal.workflow.getHandle(workflowId);
  const { memo } = await answer(workflowId, handle.describe());
  if (typeof memo?.enterpriseId !== 'number' || !reachesEnterprise(principal, memo.enterpriseId)) throw notFound(workflowId)();
  return handle;
}

const movementId = (ref: MovementRef) => movementWorkflowId(ref.kind, requireRequestId(ref.requestId));

/** Where a transfer or withdrawal stands now. */
export async function movementStatus(deps: TransferDeps, ref: MovementRef): Promise<MovementStatus> {
  const workflowId = movementId(ref);
  const handle = await visible(deps, ref.principal, workflowId);
  return answer(workflowId, handle.query(movementStatusQuery));
}

/** Waits for the end: the completed status, or the refusal as a UamError (e.g. TRANSFER_EXCEEDS_MAXIMUM). */
export async function movementOutcome(deps: TransferDeps, ref: MovementRef): Promise<MovementStatus> {
  const workflowId = movementId(ref);
  const handle = await visible(deps, ref.principal, workflowId);
  return answer(workflowId, (handle.result() as Promise<MovementStatus>));
}

/**
 * A second admin of the enterprise approves or rejects a movement waiting for approval; answered with its final
 * status once it has ended (a rejection: failed, with APPROVAL_REJECTED). The starter may not decide.
 */
export async function decideMovement(deps: TransferDeps, ref: MovementRef & { approve: boolean; reason?: string }): Promise<MovementStatus> {
  starterEnterprise(ref.principal);
  const workflowId = movementId(ref);
  const handle = await visible(deps, ref.principal, workflowId);
  const decision = { approver: actorFrom(ref.principal), approve: ref.approve === true, ...(ref.reason && { reason: String(ref.reason) }) };
  try {
    return await answer(workflowId, handle.executeUpdate(decideMovementUpdate, { args: [decision] }));
  } catch (err) {
    if (!(err instanceof UamError && err.code === 'NOT_FOUND')) throw err;
    // Updates cannot reach a closed workflow: say it has ended rather than that it does not exist.
    const { status } = await answer(workflowId, handle.describe());
    throw new UamError('INVALID_STATE', `the ${ref.kind} has already ended (${status.name.toLowerCase()})`, { status: status.name });
  }
}

/** Per-item results of a batch so far. */
export async function batchStatus(deps: TransferDeps, ref: { principal: Principal; batchId: string }): Promise<BatchStatus> {
  const workflowId = batchWorkflowId(requireRequestId(ref.batchId, 'batchId'));
  const handle = await visible(deps, ref.principal, workflowId);
  return answer(workflowId, handle.query(batchStatusQuery));
}

/** Waits until every item of a batch has completed or failed. */
export async function batchOutcome(deps: TransferDeps, ref: { principal: Principal; batchId: string }): Promise<BatchStatus> {
  const workflowId = batchWorkflowId(requireRequestId(ref.batchId, 'batchId'));
  const handle = await visible(deps, ref.principal, workflowId);
  return answer(workflowId, (handle.result() as Promise<BatchStatus>));
}
