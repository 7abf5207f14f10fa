import type { WorkflowHandle } from '@temporalio/client';
import { UamError } from '../core/errors';
import type { Principal } from '../domain/principal';
import { batchWorkflowId, movementWorkflowId, type BatchStatus, type MovementKind, type MovementStatus } from '../domain/transfers';
import { batchStatusQuery } from '../workflows/batch-transfer';
import { decideMovementUpdate, movementStatusQuery } from '../workflows/transfer-saga';
import { requirePermission } from '../domain/permissions';
import { actorFrom, requireRequestId, starterEnterprise, type TransferDeps } from './transfers';
import { asUamError } from '../core/failures';
import { requireEnterpriseReach } from './scope';

export interface MovementRef {
  principal: Principal;
  kind: MovementKind;
  requestId: string;
  /** Whose request id it is: platform staff name the enterprise; everyone else means their own. */
  enterpriseId?: number;
}

/** The workflow types each kind of id may name; anything else under that id does not exist for the caller. */
const TYPES = { transfer: 'transferWorkflow', withdrawal: 'withdrawalWorkflow', batch: 'batchTransferWorkflow' } as const;
type Target = keyof typeof TYPES;

interface Located {
  what: Target;
  /** The id the caller gave (request id or batch id). */
  id: string;
  workflowId: string;
}

const notFound = (at: Located) => () => new UamError('NOT_FOUND', `${at.what} ${at.id} not found`, { [at.what === 'batch' ? 'batchId' : 'requestId']: at.id });

/** A Temporal call's failure as the UamError users see. */
const answer = <T>(at: Located, call: Promise<T>): Promise<T> =>
  call.catch((err: unknown) => { throw asUamError(err, { notFound: notFound(at) }) ?? err; });

/**
 * Request ids are scoped to the enterprise (domain/transfers.ts): the caller's own, or for platform staff the one
 * they name. Naming another enterprise than one's own finds nothing.
 */
export function scopeOf(principal: Principal, enterpriseId: number | undefined): number {
  requirePermission(principal, 'transfers.read');
  if (principal.enterpriseId !== null) return principal.enterpriseId;
  if (enterpriseId === undefined) {
    throw new UamError('VALIDATION_FAILED', 'enterpriseId: platform staff name the enterprise whose request id this is', { field: 'enterpriseId' });
  }
  return enterpriseId;
}

/** The workflow's handle if it is what the caller asked for and in their scope; otherwise it does not exist for them. */
async function visible(deps: TransferDeps, principal: Principal, at: Located): Promise<WorkflowHandle> {
  const handle = deps.temporal.workflow.getHandle(at.workflowId);
  const { memo, type } = await answer(at, handle.describe());
  const enterpriseId = memo?.enterpriseId;
  if (type !== TYPES[at.what] || typeof enterpriseId !== 'number') throw notFound(at)();
  requireEnterpriseReach(principal, enterpriseId, notFound(at));
  return handle;
}

/** Where the caller's id points: within their enterprise (or, for staff, the one named). */
function locate(what: Target, id: string, principal: Principal, named: number | undefined): Located {
  const enterpriseId = scopeOf(principal, named);
  const at: Located = { what, id, workflowId: what === 'batch' ? batchWorkflowId(enterpriseId, id) : movementWorkflowId(what, enterpriseId, id) };
  if (named !== undefined && named !== enterpriseId) throw notFound(at)();
  return at;
}

const movementAt = (ref: MovementRef) => locate(ref.kind, requireRequestId(ref.requestId), ref.principal, ref.enterpriseId);
const batchAt = (ref: BatchRef) => locate('batch', requireRequestId(ref.batchId, 'batchId'), ref.principal, ref.enterpriseId);

export interface BatchRef {
  principal: Principal;
  batchId: string;
  enterpriseId?: number;
}

/** Where a transfer or withdrawal stands now. */
export async function movementStatus(deps: TransferDeps, ref: MovementRef): Promise<MovementStatus> {
  const at = movementAt(ref);
  const handle = await visible(deps, ref.principal, at);
  return answer(at, handle.query(movementStatusQuery));
}

/** Waits for the end: the completed status, or the refusal as a UamError (e.g. TRANSFER_EXCEEDS_MAXIMUM). */
export async function movementOutcome(deps: TransferDeps, ref: MovementRef): Promise<MovementStatus> {
  const at = movementAt(ref);
  const handle = await visible(deps, ref.principal, at);
  return answer(at, (handle.result() as Promise<MovementStatus>));
}

/**
 * A second admin of the enterprise approves or rejects a movement waiting for approval (a batch's item too:
 * `<batchId>.<n>`); answered with its final status once it has ended (a rejection: failed, with
 * APPROVAL_REJECTED). The starter may not decide.
 */
export async function decideMovement(deps: TransferDeps, ref: MovementRef & { approve: boolean; reason?: string }): Promise<MovementStatus> {
  starterEnterprise(ref.principal);
  const at = movementAt(ref);
  const handle = await visible(deps, ref.principal, at);
  const decision = { approver: actorFrom(ref.principal), approve: ref.approve === true, ...(ref.reason && { reason: String(ref.reason) }) };
  try {
    return await answer(at, handle.executeUpdate(decideMovementUpdate, { args: [decision] }));
  } catch (err) {
    if (!(err instanceof UamError && err.code === 'NOT_FOUND')) throw err;
    // Updates cannot reach a closed workflow: say it has ended rather than that it does not exist.
    const { status } = await answer(at, handle.describe());
    throw new UamError('INVALID_STATE', `the ${ref.kind} has already ended (${status.name.toLowerCase()})`, { status: status.name });
  }
}

/** Per-item results of a batch so far. */
export async function batchStatus(deps: TransferDeps, ref: BatchRef): Promise<BatchStatus> {
  const at = batchAt(ref);
  const handle = await visible(deps, ref.principal, at);
  return answer(at, handle.query(batchStatusQuery));
}

/** Waits until every item of a batch has completed or failed. */
export async function batchOutcome(deps: TransferDeps, ref: BatchRef): Promise<BatchStatus> {
  const at = batchAt(ref);
  const handle = await visible(deps, ref.principal, at);
  return answer(at, (handle.result() as Promise<BatchStatus>));
}
