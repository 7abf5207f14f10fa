import type { Actor, MovementMemo, MovementStatus } from '../domain/transfers';
import { movementStatusQuery } from '../workflows/transfer-saga';
import type { Principal } from '../domain/principal';
import { UamError } from '../core/errors';
import { asUamError } from '../core/failures';
import { scopeOf } from './transfer-status';
import type { TransferDeps } from './transfers';

/** More than a console shows at once (newest first). */
export const MAX_PENDING_APPROVALS = 200;

export interface PendingApproval extends MovementStatus {
  /** Who started it: the one admin who may not decide it (null for runs started before this was recorded). */
  startedBy: Actor | null;
}

/**
 * Transfers and withdrawals of the enterprise waiting for a second admin, read from Temporal's visibility
 * (the workflows tag themselves with EnterpriseId and Stage) and each one's own status query, so a movement
 * decided a moment ago is left out even before visibility catches up.
 */
export async function pendingApprovals(deps: TransferDeps, principal: Principal, named?: number): Promise<PendingApproval[]> {
  const enterpriseId = scopeOf(principal, named);
  if (named !== undefined && named !== enterpriseId) throw new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${named} not found`, { enterpriseId: named });
  const query = `WorkflowType IN ('transferWorkflow', 'withdrawalWorkflow') AND ExecutionStatus = 'Running' `
    + `AND EnterpriseId = '${enterpriseId}' AND Stage = 'awaiting_approval'`;
  const found: PendingApproval[] = [];
  try {
    for await (const run of deps.temporal.workflow.list({ query, pageSize: 100 })) {
      const memo = run.memo as Partial<MovementMemo> | undefined;
      if (memo?.enterpriseId !== enterpriseId) continue;
      const status = await deps.temporal.workflow.getHandle(run.workflowId).query(movementStatusQuery).catch(() => null);
      if (status?.stage === 'awaiting_approval') found.push({ ...status, startedBy: memo.startedBy ?? null });
      if (found.length >= MAX_PENDING_APPROVALS) break;
    }
  } catch (err) {
    throw asUamError(err) ?? err;
  }
  return found;
}
