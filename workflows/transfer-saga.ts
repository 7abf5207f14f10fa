import {
  ApplicationFailure, allHandlersFinished, condition, defineQuery, defineUpdate, log, proxyActivities, setHandler,
  upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { TransferActivities } from '../activities/transfers';
import type { OutboxEvent, TransferEvent } from '../domain/events';
import { actorOf } from '../domain/principal';
import {
  DEFAULT_APPROVAL_TIMEOUT_MS, approvalRefusal, isFinalStage, requiresApproval, type ApprovalDecision, type MovementInput,
  type MovementStage, type MovementStatus,
} from '../domain/transfers';
import { failureOf } from './failure-of';
import { EnterpriseId, Stage } from './search-attributes';

/**
 * Money steps retry until they get an answer: giving up on a hold or a void that may have committed would
 * leave funds reserved with nobody to release them. Each attempt is one short database call.
 */
const PROFILES = {
  check: { startToCloseTimeout: '10 seconds', retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumAttempts: 5 } },
  money: { startToCloseTimeout: '10 seconds', retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' } },
} as const;

const { checkMovement } = proxyActivities<TransferActivities>(PROFILES.check);
const { holdMovement, postMovement, voidMovement, notifyMovement } = proxyActivities<TransferActivities>(PROFILES.money);

/** The stage and figures of a transfer or withdrawal, at any time. */
export const movementStatusQuery = defineQuery<MovementStatus>('movementStatus');
/** A second admin approves or rejects; answered with the final status once the movement has ended. */
export const decideMovementUpdate = defineUpdate<MovementStatus, [ApprovalDecision]>('decideMovement');

const refuse = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/**
 * Validate → hold → (second admin's approval) → post → notify, as a saga: once the hold is placed its void is
 * the compensation, run if anything fails before the post. The failure reaches the caller unchanged.
 */
export async function runMovement(input: MovementInput): Promise<MovementStatus> {
  const { workflowId } = workflowInfo();
  const status: MovementStatus = {
    workflowId, kind: input.kind, requestId: input.requestId, enterpriseId: input.enterpriseId, fromAccountId: input.fromAccountId,
    toAccountId: input.toAccountId, amount: input.amount, stage: 'validating', holdId: null, transactionId: null, error: null,
    approval: { threshold: null, required: false, deadline: null, outcome: null, decidedBy: null, reason: null },
  };
  const snapshot = (): MovementStatus => ({ ...status, approval: { ...status.approval } });
  const enter = (stage: MovementStage) => {
    status.stage = stage;
    upsertSearchAttributes([{ key: EnterpriseId, value: String(input.enterpriseId) }, { key: Stage, value: stage }]);
  };
  let decision: ApprovalDecision | undefined;

  setHandler(movementStatusQuery, snapshot);
  setHandler(decideMovementUpdate, async (d) => {
    decision = d;
    await condition(() => isFinalStage(status.stage));
    return snapshot();
  }, { validator: (d) => {
    if (status.stage !== 'awaiting_approval' || decision) throw refuse('INVALID_STATE', `the ${input.kind} is not awaiting approval (${status.stage.replace('_', ' ')})`);
    const why = approvalRefusal(d.approver, input);
    if (why) throw refuse('FORBIDDEN', why);
  } });

  const awaitApproval = async (): Promise<ApprovalDecision> => {
    const timeoutMs = input.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS;
    status.approval.deadline = new Date(Date.now() + timeoutMs).toISOString();
    enter('awaiting_approval');
    await condition(() => decision !== undefined, timeoutMs);
    status.approval.deadline = null;
    if (!decision) {
      status.approval.outcome = 'timed_out';
      throw refuse('APPROVAL_TIMED_OUT', `no second admin approved the ${input.kind} within ${timeoutMs / 60_000} minutes`);
    }
    Object.assign(status.approval, { outcome: decision.approve ? 'approved' : 'rejected', decidedBy: decision.approver, reason: decision.reason ?? null });
    if (!decision.approve) throw refuse('APPROVAL_REJECTED', `the ${input.kind} was rejected by ${decision.approver.name}${decision.reason ? `: ${decision.reason}` : ''}`);
    return decision;
  };

  const event: TransferEvent = {
    requestId: input.requestId, kind: input.kind, enterpriseId: input.enterpriseId,
    fromAccountId: input.fromAccountId, toAccountId: input.toAccountId, amount: input.amount,
  };
  const starter = actorOf(input.startedBy);
  const compensations: Array<() => Promise<unknown>> = [];
  try {
    enter('validating');
    const check = await checkMovement(input);
    status.approval.threshold = check.threshold;
    status.approval.required = requiresApproval(BigInt(input.amount), check.threshold === null ? null : BigInt(check.threshold));

    enter('holding');
    const { holdId } = await holdMovement(input, starter);
    status.holdId = holdId;
    compensations.unshift(() => voidMovement(input, holdId, decision ? actorOf(decision.approver) : starter));

    const approver = status.approval.required ? (await awaitApproval()).approver : undefined;

    enter('posting');
    status.transactionId = (await postMovement(input, holdId, approver ? actorOf(approver) : starter)).transactionId;
    compensations.length = 0; // posted: nothing is left to undo

    enter('notifying');
    await notifyMovement({ topic: 'transfer.completed', dedupeKey: `${workflowId}:completed`, payload: event });
    enter('completed');
  } catch (err) {
    status.error = failureOf(err);
    if (compensations.length > 0) {
      enter('compensating');
      for (const compensate of compensations) {
        // Money steps retry until answered, so only a business refusal lands here: log it, keep the original error.
        await compensate().catch((e: unknown) => log.error('compensation failed', { workflowId, error: failureOf(e) }));
      }
      const failed: OutboxEvent<'transfer.failed'> = { topic: 'transfer.failed', dedupeKey: `${workflowId}:failed`, payload: { ...event, ...status.error } };
      await notifyMovement(failed);
    }
    enter('failed');
    await condition(allHandlersFinished);
    throw err;
  }
  await condition(allHandlersFinished);
  return snapshot();
}
