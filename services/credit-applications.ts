import { randomUUID } from 'node:crypto';
import type { UpdateDefinition } from '@temporalio/client';
import { UamError } from '../core/errors';
import {
  deleteUnstartedApplication, getApplication, insertApplication, listApplications as listRecords, type ApplicationRecord,
} from '../db/credit/applications';
import {
  DEFAULT_TIMING, applicationWorkflowId, isOpenStage, toAmounts, type ApplicationStage, type ApplicationStatus,
  type ApplicationTiming, type Decision,
} from '../domain/credit-application';
import { actorOf, type Principal } from '../domain/principal';
import { confirmContractUpdate, creditApplication, decideUpdate, statusQuery, withdrawUpdate } from '../workflows/credit-application';
import { EnterpriseId, Stage } from '../workflows/search-attributes';
import { requirePermission } from '../domain/permissions';
import {
  applicationNotFound, parseCreditParts, requireText, visibleApplication, type CreditDeps,
} from './credit-access';
import { asUamError } from '../core/failures';
import { refusal } from '../domain/refusals';
import { enterpriseInScope, requireEnterpriseReach } from './scope';

export interface SubmitInput {
  enterpriseId: number;
  /** Yuan, decimal strings with at most 2 places; either may be "0", not both. */
  publicCloud: string;
  hybridCloud: string;
  reason: string;
  /** Overrides of the 14-day review, 3-day reminder and 30-day confirmation windows (milliseconds). */
  timing?: Partial<ApplicationTiming>;
}

function parseTiming(timing: Partial<ApplicationTiming> = {}): Partial<ApplicationTiming> {
  for (const [field, value] of Object.entries(timing)) {
    if (!(field in DEFAULT_TIMING) || !Number.isSafeInteger(value) || (value as number) < 1000) {
      throw new UamError('VALIDATION_FAILED', `timing.${field}: must be a whole number of milliseconds, at least 1000`, { field: `timing.${field}` });
    }
  }
  return timing;
}

/** An account manager submits an application; its workflow starts at once and waits for a reviewer. */
export async function submitApplication(deps: CreditDeps, principal: Principal, input: SubmitInput): Promise<ApplicationRecord> {
  requirePermission(principal, 'credit.apply');
  const parts = parseCreditParts(input.publicCloud, input.hybridCloud);
  const reason = requireText(input.reason, 'reason');
  const timing = parseTiming(input.timing);
  await enterpriseInScope(deps.db, principal, 'credit.apply', input.enterpriseId);
  const id = randomUUID();
  const submittedBy = actorOf(principal);
  const record = await insertApplication(deps.db, {
    id, enterpriseId: input.enterpriseId, requestedPublic: parts.publicCloud, requestedHybrid: parts.hybridCloud, reason, submittedBy,
    reviewDeadline: new Date(Date.now() + (timing.reviewWindowMs ?? DEFAULT_TIMING.reviewWindowMs)),
  });
  try {
    await deps.temporal.workflow.start(creditApplication, {
      workflowId: applicationWorkflowId(id),
      taskQueue: deps.taskQueue,
      args: [{ applicationId: id, enterpriseId: input.enterpriseId, requested: toAmounts(parts.publicCloud, parts.hybridCloud), reason, submittedBy, timing }],
      typedSearchAttributes: [{ key: EnterpriseId, value: String(input.enterpriseId) }, { key: Stage, value: 'awaiting_review' }],
    });
  } catch (err) {
    await deleteUnstartedApplication(deps.db, id);
    throw asUamError(err, { notFound: () => applicationNotFound(id) }) ?? err;
  }
  return record;
}

/** Sends a request to the application's workflow and returns its answer, or the refusal as a UamError. */
async function ask<A>(deps: CreditDeps, record: ApplicationRecord, update: UpdateDefinition<ApplicationStatus, [A]>, arg: A): Promise<ApplicationStatus> {
  const closed = (stage: ApplicationStage) => new UamError('INVALID_STATE', `the application is already ${stage.replace(/_/g, ' ')}`, { stage });
  if (!isOpenStage(record.stage)) throw closed(record.stage);
  try {
    return await deps.temporal.workflow.getHandle(applicationWorkflowId(record.id)).executeUpdate(update, { args: [arg] });
  } catch (err) {
    const mapped = asUamError(err, { notFound: () => applicationNotFound(record.id) }) ?? err;
    // The workflow ended between our read and the update: say how it ended.
    const now = mapped instanceof UamError && mapped.code === 'APPLICATION_NOT_FOUND' ? await getApplication(deps.db, record.id) : undefined;
    throw now && !isOpenStage(now.stage) ? closed(now.stage) : mapped;
  }
}

export interface DecideInput {
  applicationId: string;
  approve: boolean;
  /** Approve a different total (yuan); give both parts or neither (neither: as requested). */
  publicCloud?: string;
  hybridCloud?: string;
  reason: string;
}

/** A credit reviewer approves (possibly another amount) or rejects with a reason. */
export async function decideApplication(deps: CreditDeps, principal: Principal, input: DecideInput): Promise<ApplicationStatus> {
  requirePermission(principal, 'credit.decide');
  const record = await visibleApplication(deps.db, principal, input.applicationId);
  const reason = requireText(input.reason, 'reason');
  const actor = actorOf(principal);
  let decision: Decision = { approve: false, actor, reason };
  if (input.approve) {
    const custom = input.publicCloud !== undefined || input.hybridCloud !== undefined;
    const parts = custom ? parseCreditParts(input.publicCloud, input.hybridCloud) : undefined;
    decision = { approve: true, actor, reason, ...(parts && { approved: toAmounts(parts.publicCloud, parts.hybridCloud) }) };
  }
  return ask(deps, record, decideUpdate, decision);
}

/** The enterprise's MA account confirms the credit contract of its own enterprise's application. */
export async function confirmContract(deps: CreditDeps, principal: Principal, input: { applicationId: string }): Promise<ApplicationStatus> {
  requirePermission(principal, 'credit.confirm');
  const record = await visibleApplication(deps.db, principal, input.applicationId);
  return ask(deps, record, confirmContractUpdate, { actor: actorOf(principal) });
}

/** An account manager withdraws the application, at any time before the limit is being set. */
export async function withdrawApplication(
  deps: CreditDeps,
  principal: Principal,
  input: { applicationId: string; reason?: string },
): Promise<ApplicationStatus> {
  requirePermission(principal, 'credit.withdraw');
  const record = await visibleApplication(deps.db, principal, input.applicationId);
  const reason = input.reason === undefined ? undefined : requireText(input.reason, 'reason');
  return ask(deps, record, withdrawUpdate, { actor: actorOf(principal), ...(reason && { reason }) });
}

/** What the read model knows once Temporal no longer keeps the workflow (past its retention): no history. */
const statusFromRecord = (r: ApplicationRecord): ApplicationStatus => ({
  applicationId: r.id, enterpriseId: r.enterpriseId, stage: r.stage, reason: r.reason, submittedBy: r.submittedBy,
  requested: toAmounts(r.requestedPublic, r.requestedHybrid),
  approved: r.approvedPublic === null || r.approvedHybrid === null ? null : toAmounts(r.approvedPublic, r.approvedHybrid),
  deadlines: { review: null, contract: null, nextReminder: null },
  remindersSent: r.remindersSent,
  history: [],
});

/** Where the application stands, from its workflow (stage, deadlines, history). */
export async function applicationStatus(deps: CreditDeps, principal: Principal, applicationId: string): Promise<ApplicationStatus> {
  requirePermission(principal, 'credit.read');
  const record = await visibleApplication(deps.db, principal, applicationId);
  try {
    return await deps.temporal.workflow.getHandle(applicationWorkflowId(record.id)).query(statusQuery);
  } catch (err) {
    const mapped = asUamError(err, { notFound: () => applicationNotFound(record.id) }) ?? err;
    if (mapped instanceof UamError && mapped.code === 'APPLICATION_NOT_FOUND' && !isOpenStage(record.stage)) return statusFromRecord(record);
    throw mapped;
  }
}

/** Applications newest first: staff see every enterprise's, an enterprise admin only its own. */
export async function listApplications(
  deps: CreditDeps,
  principal: Principal,
  q: { enterpriseId?: number; stage?: ApplicationStage; limit?: number; before?: bigint } = {},
): Promise<ApplicationRecord[]> {
  requirePermission(principal, 'credit.read');
  const scope = principal.enterpriseId ?? q.enterpriseId;
  if (q.enterpriseId !== undefined) requireEnterpriseReach(principal, q.enterpriseId, () => refusal('ENTERPRISE_NOT_FOUND', { enterpriseId: q.enterpriseId }));
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  return listRecords(deps.db, { limit, ...(scope !== undefined && { enterpriseId: scope }), ...(q.stage && { stage: q.stage }), ...(q.before !== undefined && { before: q.before }) });
}
