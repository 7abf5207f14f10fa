import {
  ApplicationFailure, CancellationScope, allHandlersFinished, condition, defineQuery, defineUpdate, log, patched, proxyLocalActivities,
  setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { TransferActivities } from '../activities/transfers';
import { actorOf } from '../domain/principal';
import {
  DEFAULT_APPROVAL_TIMEOUT_MS, approvalRefusal, isFinalStage, requiresApproval, type ApprovalDecision, type MovementInput,
  type MovementStage, type MovementStatus,
} from '../domain/transfers';
import { failureOf } from '../core/failures';
import { EnterpriseId, Stage } from './search-attributes';

/**
 * Every step retries until it gets an answer: a movement accepted with 202 either completes or ends with its
 * business reason, never because the database, Redis or Temporal blinked. Giving up on a hold or a void that may
 * have committed would also leave funds reserved with nobody to release them. Only a business refusal (an
 * ApplicationFailure typed with a uam error code, non-retryable: activities/failures.ts) ends a step at once.
 * Each attempt is one short database call.
 */
const PROFILES = {
  step: { startToCloseTimeout: '10 seconds', retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' } },
} as const;

/**
 * A step is never cancelled half-way: a cancellation takes effect while the movement waits for approval, and
 * the void still runs. Failures pass through as Temporal builds them: a local activity's business refusal reaches
 * the workflow as its ApplicationFailure, and the caller as WorkflowFailedError → ApplicationFailure.
 */
function step<A extends unknown[], R>(run: (...args: A) => Promise<R>) {
  return (...args: A): Promise<R> => CancellationScope.nonCancellable(() => run(...args));
}
const steps = proxyLocalActivities<TransferActivities>(PROFILES.step);
const moveAtOnce = step(steps.moveAtOnce);
const checkMovement = step(steps.checkMovement);
const holdMovement = step(steps.holdMovement);
const postMovement = step(steps.postMovement);
const voidMovement = step(steps.voidMovement);
const failMovement = step(steps.failMovement);

/** The stage and figures of a transfer or withdrawal, at any time. */
export const movementStatusQuery = defineQuery<MovementStatus>('movementStatus');
/** A second admin approves or rejects; answered with the final status once the movement has ended. */
export const decideMovementUpdate = defineUpdate<MovementStatus, [ApprovalDecision]>('decideMovement');

const refuse = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/** Movements that failed before this step existed replay without it (a query on a closed one replays it). */
const tellsEveryFailure = () => patched('failed-message-without-hold');
/** Movements started before the one-call path replay through check → hold → post. */
const postsAtOnce = () => patched('one-call-when-nothing-waits');

/**
 * When no second admin must approve, one ledger call checks and posts, with the "done" message in its database
 * transaction. Otherwise validate → hold → second admin's approval → post and notify, as a saga: once the hold
 * is placed its void is the compensation, run if anything fails before the post. The "done" or "failed" message is written in the
 * same database transaction as the post or the void. The failure reaches the caller unchanged.
 * The steps are local activities: short database calls, run inside the workflow task, with the same retries.
 */
export async function runMovement(input: MovementInput): Promise<MovementStatus> {
  const { workflowId } = workflowInfo();
  const status: MovementStatus = {
    workflowId, kind: input.kind, requestId: input.requestId, enterpriseId: input.enterpriseId, fromAccountId: input.fromAccountId,
    toAccountId: input.toAccountId, amount: input.amount, stage: 'validating', holdId: null, transactionId: null, error: null,
    approval: { threshold: null, required: false, deadline: null, outcome: null, decidedBy: null, reason: null },
  };
  const snapshot = (): MovementStatus => ({ ...status, approval: { ...status.approval } });
  // The starter tags the workflow with EnterpriseId and its first Stage; upsert only what is new.
  const tags = workflowInfo().typedSearchAttributes;
  let tagged = tags.get(EnterpriseId) !== undefined;
  let shown = tags.get(Stage);
  const enter = (stage: MovementStage) => {
    status.stage = stage;
    if (stage === shown) return;
    upsertSearchAttributes([...(tagged ? [] : [{ key: EnterpriseId, value: String(input.enterpriseId) }]), { key: Stage, value: stage }]);
    [tagged, shown] = [true, stage];
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

  const reportFailure = () => failMovement(input, status.error!).catch((e: unknown) => log.error('failure message not written', { workflowId, error: failureOf(e) }));
  const starter = actorOf(input.startedBy);
  const compensations: Array<() => Promise<unknown>> = [];
  /** One ledger call checks and posts when no second admin must approve; true when it posted. */
  const postAtOnce = async (): Promise<boolean> => {
    const moved = await moveAtOnce(input, starter);
    Object.assign(status.approval, { threshold: moved.threshold, required: moved.transactionId === null });
    status.transactionId = moved.transactionId;
    return moved.transactionId !== null;
  };
  const check = async (): Promise<void> => {
    const { threshold } = await checkMovement(input);
    status.approval.threshold = threshold;
    status.approval.required = requiresApproval(BigInt(input.amount), threshold === null ? null : BigInt(threshold));
  };
  const holdApproveAndPost = async (): Promise<void> => {
    enter('holding');
    const { holdId } = await holdMovement(input, starter);
    status.holdId = holdId;
    compensations.unshift(() => voidMovement(input, holdId, decision ? actorOf(decision.approver) : starter, status.error!));

    const approver = status.approval.required ? (await awaitApproval()).approver : undefined;

    enter('posting'); // posts and queues the "done" message in one database transaction
    status.transactionId = (await postMovement(input, holdId, approver ? actorOf(approver) : starter)).transactionId;
    compensations.length = 0; // posted: nothing is left to undo
  };

  try {
    enter('validating');
    let posted = false;
    if (postsAtOnce()) posted = await postAtOnce();
    else await check();
    if (!posted) await holdApproveAndPost();
    enter('completed');
  } catch (err) {
    status.error = failureOf(err);
    await CancellationScope.nonCancellable(async () => {
      if (compensations.length > 0) {
        enter('compensating');
        // Voids the hold and queues the "failed" message. Steps retry until answered, so only a business
        // refusal lands in the catch: log it, make sure the starter still hears, and keep the original error.
        let undone = true;
        for (const compensate of compensations) {
          await compensate().catch((e: unknown) => {
            undone = false;
            log.error('compensation failed', { workflowId, error: failureOf(e) });
          });
        }
        if (!undone && tellsEveryFailure()) await reportFailure();
      } else if (tellsEveryFailure()) {
        await reportFailure(); // refused before anything was held: nothing to undo, but the starter still hears why
      }
      enter('failed');
      await condition(allHandlersFinished);
    });
    throw err;
  }
  // Usually nothing is running (no approval was asked): skip the scope and its promises, which the SDK traces.
  if (!allHandlersFinished()) await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  return snapshot();
}
