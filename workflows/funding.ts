import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { executeChild, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import { failureOf } from '../core/failures';
import { fundingSweepWorkflowId, fundingTopUpWorkflowId } from '../domain/funding';
import { movementRequest, movementWorkflowId, type MovementFailure, type MovementKind, type MovementMemo } from '../domain/transfers';
import type { Activities } from '../activities';
import { EnterpriseId, Stage } from './search-attributes';
import { transferWorkflow } from './transfer';
import { withdrawalWorkflow } from './withdrawal';

const { claimFundingTopUp, claimFundingSweep, settleFundingMove, fundingWork } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});


export interface FundingMoveResult {
  requestId: string;
  accountId: number;
  amount: string;
  outcome: 'completed' | 'failed';
  error: MovementFailure | null;
}

export type FundingTopUpResult =
  | { action: 'none' }
  | { action: 'blocked'; reason: string; told: boolean }
  | ({ action: 'top_up' } & FundingMoveResult);

interface Move {
  kind: MovementKind;
  enterpriseId: number;
  requestId: string;
  /** Whose funds move: the funding account for a top-up, the member (holder) for a sweep. */
  fromAccountId: number;
  toAccountId: number;
  amount: string;
  startedBy: Parameters<typeof transferWorkflow>[0]['startedBy'];
}

/**
 * One claimed move as an ordinary transfer or withdrawal (a child workflow under the movement's own id, memo
 * and search attributes: the same rules, records and second-admin approval as one started in the console),
 * then its claim settled: a failed top-up gives its amount back to the day's cap.
 */
async function runMove(m: Move, accountId: number): Promise<FundingMoveResult> {
  const movement = { kind: m.kind, enterpriseId: m.enterpriseId, fromAccountId: m.fromAccountId, toAccountId: m.toAccountId, amount: m.amount };
  let error: MovementFailure | null = null;
  try {
    await executeChild(m.kind === 'transfer' ? transferWorkflow : withdrawalWorkflow, {
      workflowId: movementWorkflowId(m.kind, m.enterpriseId, m.requestId),
      args: [{ ...movement, requestId: m.requestId, startedBy: m.startedBy }],
      memo: { request: movementRequest(movement), enterpriseId: m.enterpriseId } satisfies MovementMemo,
      typedSearchAttributes: [{ key: EnterpriseId, value: String(m.enterpriseId) }, { key: Stage, value: 'validating' }],
    });
  } catch (err) {
    error = failureOf(err);
  }
  const outcome = error ? 'failed' : 'completed';
  await settleFundingMove(m.requestId, outcome);
  return { requestId: m.requestId, accountId, amount: m.amount, outcome, error };
}

/**
 * Tops a member up to its policy's target when it is below the floor (workflow `funding-p<policy>-a<member>`: a
 * second trigger while one runs joins it). The amount is claimed in the database under the policy's lock (the
 * day's cap holds whatever races), under a request id of this run, so a retried claim answers the same amount.
 */
export async function fundingTopUpWorkflow(input: { policyId: number; accountId: number }): Promise<FundingTopUpResult> {
  const requestId = `${fundingTopUpWorkflowId(input.policyId, input.accountId)}-${workflowInfo().runId}`;
  const claim = await claimFundingTopUp({ ...input, requestId });
  if (claim.action !== 'top_up') return claim;
  const move = await runMove({
    kind: 'transfer', enterpriseId: claim.enterpriseId, requestId, fromAccountId: claim.fundingAccountId, toAccountId: input.accountId,
    amount: claim.amount, startedBy: claim.startedBy,
  }, input.accountId);
  return { action: 'top_up', ...move };
}

/**
 * Gives back to the funding account what each member did not consume of what it sent (workflow
 * `funding-sweep-p<policy>-<YYYY-MM>`: once a month). Each member's amount is a withdrawal with the member as
 * holder and the funding account as source, so only transferred funds still in the member's transfer book move.
 */
export async function fundingSweepWorkflow(input: { policyId: number; period: string }): Promise<FundingMoveResult[]> {
  const claims = await claimFundingSweep(input);
  return Promise.all(claims.map((c) => runMove({
    kind: 'withdrawal', enterpriseId: c.enterpriseId, requestId: c.requestId, fromAccountId: c.accountId, toAccountId: c.fundingAccountId,
    amount: c.amount, startedBy: c.startedBy,
  }, c.accountId)));
}

/**
 * The safety net, run by a Temporal schedule: starts a top-up for every member below its floor, and the sweeps
 * due today. A top-up already running, or a sweep already run this month, is left alone.
 */
export async function fundingScanWorkflow(): Promise<{ topUps: number; sweeps: number }> {
  const work = await fundingWork();
  const started = async (start: () => Promise<unknown>) => {
    try {
      await start();
      return 1;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return 0;
      throw err;
    }
  };
  let topUps = 0;
  let sweeps = 0;
  for (const t of work.topUps) {
    topUps += await started(() => startChild(fundingTopUpWorkflow, {
      workflowId: fundingTopUpWorkflowId(t.policyId, t.accountId), args: [t], parentClosePolicy: 'ABANDON',
    }));
  }
  for (const s of work.sweeps) {
    sweeps += await started(() => startChild(fundingSweepWorkflow, {
      workflowId: fundingSweepWorkflowId(s.policyId, s.period), args: [s], parentClosePolicy: 'ABANDON', workflowIdReusePolicy: 'REJECT_DUPLICATE',
    }));
  }
  return { topUps, sweeps };
}
