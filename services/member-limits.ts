import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type UpdateDefinition } from '@temporalio/client';
import { UamError } from '../core/errors';
import { enterpriseCreditWorkflowId } from '../domain/credit-application';
import { memberLimitProblem, type MemberLimitChange, type MemberLimitMove, type MemberLimitResult } from '../domain/member-credit';
import { parseYuan } from '../domain/money';
import { actorOf, type Principal } from '../domain/principal';
import { changeMemberLimitUpdate, enterpriseCredit, moveMemberLimitUpdate } from '../workflows/enterprise-credit';
import { EnterpriseId, Stage } from '../workflows/search-attributes';
import { requirePermission } from '../domain/permissions';
import { requireText, type CreditDeps } from './credit-access';
import { fromTemporal } from './temporal-errors';

interface Common {
  /** The client's id for this request (e.g. the API's Idempotency-Key): a retry with it changes nothing twice. */
  requestId?: string;
  /** Required to lower a limit so far that the account would be stopped. */
  acceptStop?: boolean;
  reason: string;
}

/** Exactly one of `newLimit` (yuan, ≥ 0) or `delta` (yuan, may be negative). */
export interface ChangeLimitInput extends Common {
  accountId: number;
  newLimit?: string;
  delta?: string;
}

export interface MoveLimitInput extends Common {
  fromAccountId: number;
  toAccountId: number;
  /** Yuan, > 0. */
  amount: string;
}

/** The enterprise admin's own enterprise; accounts elsewhere are reported as missing, never as existing. */
async function accountsInScope(deps: CreditDeps, principal: Principal, accountIds: number[]): Promise<number> {
  requirePermission(principal, 'limits.write');
  const enterpriseId = principal.enterpriseId;
  const valid = accountIds.filter((id) => Number.isInteger(id) && id > 0 && id <= 2 ** 31 - 1);
  const rows = enterpriseId === null ? [] : await deps.db('accounts').whereIn('id', valid).andWhere({ enterprise_id: enterpriseId }).select('id');
  const found = new Set(rows.map((r) => r.id as number));
  const missing = accountIds.find((id) => !found.has(id));
  if (missing !== undefined || enterpriseId === null) throw new UamError('ACCOUNT_NOT_FOUND', `account ${missing} not found`, { accountId: missing });
  return enterpriseId;
}

/**
 * Hands the request to the enterprise's credit workflow, starting it if it is not running, and waits for the
 * ledger's answer. The update id is the request id, so a retried call is answered once.
 */
async function send<R extends MemberLimitChange | MemberLimitMove>(
  deps: CreditDeps,
  enterpriseId: number,
  update: UpdateDefinition<MemberLimitResult, [R]>,
  request: R,
): Promise<MemberLimitResult> {
  const problem = memberLimitProblem(request);
  if (problem) throw new UamError(problem.code, problem.message);
  const startWorkflowOperation = new WithStartWorkflowOperation(enterpriseCredit, {
    workflowId: enterpriseCreditWorkflowId(enterpriseId),
    taskQueue: deps.taskQueue,
    args: [{ enterpriseId }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [{ key: EnterpriseId, value: String(enterpriseId) }, { key: Stage, value: 'serving' }],
  });
  try {
    return await deps.temporal.workflow.executeUpdateWithStart(update, {
      args: [request], updateId: `${update.name}:${request.requestId}`, startWorkflowOperation,
    });
  } catch (err) {
    throw fromTemporal(err, () => new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} not found`, { enterpriseId }));
  }
}

const common = (principal: Principal, input: Common) => ({
  requestId: input.requestId ?? randomUUID(),
  acceptStop: input.acceptStop === true,
  actor: actorOf(principal),
  reason: requireText(input.reason, 'reason'),
});

/** The MA account sets a member's credit limit, or raises/lowers it by a delta, within the enterprise's available quota. */
export async function changeMemberLimit(deps: CreditDeps, principal: Principal, input: ChangeLimitInput): Promise<MemberLimitResult> {
  const enterpriseId = await accountsInScope(deps, principal, [input.accountId]);
  if ((input.newLimit === undefined) === (input.delta === undefined)) {
    throw new UamError('VALIDATION_FAILED', 'give either newLimit or delta', { field: 'newLimit' });
  }
  const request: MemberLimitChange = { ...common(principal, input), accountId: input.accountId };
  if (input.newLimit !== undefined) request.newLimit = parseYuan(input.newLimit, { allowZero: true, field: 'newLimit' }).toString();
  if (input.delta !== undefined) request.delta = parseYuan(input.delta, { allowNegative: true, field: 'delta' }).toString();
  return send(deps, enterpriseId, changeMemberLimitUpdate, request);
}

/** The MA account moves credit limit from one of its members to another in one step. */
export async function moveMemberLimit(deps: CreditDeps, principal: Principal, input: MoveLimitInput): Promise<MemberLimitResult> {
  const enterpriseId = await accountsInScope(deps, principal, [input.fromAccountId, input.toAccountId]);
  const request: MemberLimitMove = {
    ...common(principal, input), fromAccountId: input.fromAccountId, toAccountId: input.toAccountId,
    amount: parseYuan(input.amount, { field: 'amount' }).toString(),
  };
  return send(deps, enterpriseId, moveMemberLimitUpdate, request);
}
