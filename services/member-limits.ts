import { createHash, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type UpdateDefinition } from '@temporalio/client';
import { UamError } from '../core/errors';
import { enterpriseCreditWorkflowId } from '../domain/credit-application';
import { memberLimitProblem, type MemberLimitChange, type MemberLimitMove, type MemberLimitResult } from '../domain/member-credit';
import { parseYuan } from '../domain/money';
import { actorOf, type Principal } from '../domain/principal';
import { changeMemberLimitUpdate, enterpriseCredit, moveMemberLimitUpdate } from '../workflows/enterprise-credit';
import { EnterpriseId, Stage } from '../workflows/search-attributes';
import { requireText, type CreditDeps } from './credit-access';
import { accountsInScope } from './scope';
import { asUamError } from '../core/failures';

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

/** The enterprise admin's own enterprise, once every account named is in its scope. */
async function enterpriseOf(deps: CreditDeps, principal: Principal, accountIds: number[]): Promise<number> {
  await accountsInScope(deps.db, principal, 'limits.write', accountIds);
  if (principal.enterpriseId === null) throw new UamError('FORBIDDEN', 'an enterprise admin must belong to an enterprise');
  return principal.enterpriseId;
}

/**
 * The update id of a request: its request id and a digest of what it asks. A retry of the same request is the
 * same update (Temporal answers it with the first result); the same request id asking something else is a
 * different update, which reaches the ledger and is refused there as IDEMPOTENCY_KEY_REUSED.
 */
function updateIdOf(name: string, request: MemberLimitChange | MemberLimitMove): string {
  const terms = 'fromAccountId' in request
    ? [request.fromAccountId, request.toAccountId, request.amount, request.acceptStop === true]
    : [request.accountId, request.delta ?? null, request.newLimit ?? null, request.acceptStop === true];
  const digest = createHash('sha256').update(JSON.stringify(terms)).digest('hex').slice(0, 16);
  return `${name}:${request.requestId}:${digest}`;
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
      args: [request], updateId: updateIdOf(update.name, request), startWorkflowOperation,
    });
  } catch (err) {
    throw asUamError(err, { notFound: () => new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} not found`, { enterpriseId }) }) ?? err;
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
  const enterpriseId = await enterpriseOf(deps, principal, [input.accountId]);
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
  const enterpriseId = await enterpriseOf(deps, principal, [input.fromAccountId, input.toAccountId]);
  const request: MemberLimitMove = {
    ...common(principal, input), fromAccountId: input.fromAccountId, toAccountId: input.toAccountId,
    amount: parseYuan(input.amount, { field: 'amount' }).toString(),
  };
  return send(deps, enterpriseId, moveMemberLimitUpdate, request);
}
