import type { Client, WorkflowHandle } from '@temporalio/client';
import { UamError } from '../core/errors';
import { asUamError, failureOf } from '../core/failures';
import type { Db } from '../db/connection';
import { requirePermission } from '../domain/permissions';
import { isBillingPeriod, periodCloseWorkflowId, periodHasEnded } from '../domain/periods';
import type { Principal } from '../domain/principal';
import { monthEndClose, monthEndProgressQuery, type MonthEndProgress } from '../workflows/month-end-close';
import { enterpriseInScope } from './scope';

export interface PeriodCloseDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** BILLING_TIME_ZONE: which months have ended. */
  timeZone: string;
  now?: () => Date;
}

export interface PeriodCloseRef {
  principal: Principal;
  period: string;
  /** One enterprise's accounts; absent: every enterprise's. */
  enterpriseId?: number;
}

/** Where a close stands, with what it has moved so far (all of it once `state` is closed). */
export interface PeriodClose {
  closeId: string;
  period: string;
  enterpriseId: number | null;
  state: 'running' | 'closed' | 'failed';
  stage: MonthEndProgress['stage'] | null;
  accountsClosed: number;
  /** Fen moved from monthly to historical uncleared. */
  amountMoved: bigint;
  couponsExpired: number;
  error: { code: string; message: string } | null;
}

/** The close's period and scope, checked: a month (YYYY-MM) that has ended, and an enterprise that exists. */
async function scopeOf(deps: PeriodCloseDeps, ref: PeriodCloseRef): Promise<{ period: string; enterpriseId: number | null }> {
  requirePermission(ref.principal, 'billing.close');
  if (!isBillingPeriod(ref.period)) {
    throw new UamError('VALIDATION_FAILED', 'period: must be a billing month, YYYY-MM', { field: 'period', value: ref.period });
  }
  if (!periodHasEnded(ref.period, (deps.now ?? (() => new Date()))(), deps.timeZone)) {
    throw new UamError('VALIDATION_FAILED', `period: ${ref.period} has not ended yet (${deps.timeZone}); only a month that has ended can be closed`,
      { field: 'period', value: ref.period, reason: 'not_ended' });
  }
  const enterpriseId = ref.enterpriseId === undefined ? null : await enterpriseInScope(deps.db, ref.principal, 'billing.close', ref.enterpriseId);
  return { period: ref.period, enterpriseId };
}

const noClose = (ref: { period: string; enterpriseId: number | null }) => () =>
  new UamError('NOT_FOUND', `no close of ${ref.period}${ref.enterpriseId === null ? '' : ` for enterprise ${ref.enterpriseId}`} has been started`,
    { period: ref.period, enterpriseId: ref.enterpriseId });

async function statusOf(handle: WorkflowHandle, scope: { period: string; enterpriseId: number | null }): Promise<PeriodClose> {
  const fail = (err: unknown) => { throw asUamError(err, { notFound: noClose(scope) }) ?? err; };
  const { status } = await handle.describe().catch(fail);
  const progress = await handle.query(monthEndProgressQuery).catch(() => null);
  const state = status.name === 'COMPLETED' ? 'closed' : status.name === 'RUNNING' ? 'running' : 'failed';
  const error = state === 'failed' ? await handle.result().then(() => null, (err: unknown) => failureOf(err)) : null;
  return {
    closeId: handle.workflowId, ...scope, state, stage: progress?.stage ?? null,
    accountsClosed: progress?.accountsClosed ?? 0, amountMoved: BigInt(progress?.amountMoved ?? '0'), couponsExpired: progress?.couponsExpired ?? 0, error,
  };
}

/**
 * Starts the close of a billing period by hand, for every enterprise or one (ops). A close of the same scope
 * still running is the one answered; one that finished runs again and moves nothing twice. The close itself is
 * the month-end workflow (workflows/month-end-close.ts).
 */
export async function startPeriodClose(deps: PeriodCloseDeps, ref: PeriodCloseRef): Promise<PeriodClose> {
  const scope = await scopeOf(deps, ref);
  const handle = await deps.temporal.workflow.start(monthEndClose, {
    taskQueue: deps.taskQueue, workflowId: periodCloseWorkflowId(scope.period, scope.enterpriseId), workflowIdConflictPolicy: 'USE_EXISTING',
    args: [{ ...scope, timeZone: deps.timeZone }],
  }).catch((err: unknown) => { throw asUamError(err) ?? err; });
  return statusOf(handle, scope);
}

/** The latest close of the period for that scope: where it stands and what it moved. */
export async function periodCloseStatus(deps: PeriodCloseDeps, ref: PeriodCloseRef): Promise<PeriodClose> {
  const scope = await scopeOf(deps, ref);
  return statusOf(deps.temporal.workflow.getHandle(periodCloseWorkflowId(scope.period, scope.enterpriseId)), scope);
}
