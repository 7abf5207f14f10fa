import {
  ActivityFailure, ApplicationFailure, allHandlersFinished, condition, defineQuery, defineUpdate, proxyActivities,
  setHandler, upsertSearchAttributes,
} from '@temporalio/workflow';
import type { CreditActivities } from '../activities/credit';
import {
  reminderTimes, type ApplicationStage, type ApplicationStatus, type CreditApplicationInput, type Decision,
} from '../domain/credit-application';
import { ApplicationState, type Intent } from '../domain/credit-application-state';
import type { EventPayloads } from '../domain/events';
import { formatYuan } from '../domain/money';
import { EnterpriseId, Stage } from './search-attributes';

// Every activity is one short database transaction: seconds are generous, and another worker retries soon after one
// dies. Bookkeeping and the ledger step retry until the database is back; `answer` has a caller waiting.
const PROFILES = {
  bookkeeping: { startToCloseTimeout: '15 seconds', retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes' } },
  ledger: { startToCloseTimeout: '15 seconds', retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' } },
  answer: { startToCloseTimeout: '10 seconds', retry: { initialInterval: '500 milliseconds', maximumAttempts: 3 } },
} as const;

const bookkeeping = proxyActivities<CreditActivities>(PROFILES.bookkeeping);
const { putCreditLimitInForce } = proxyActivities<CreditActivities>(PROFILES.ledger);
const { checkCreditApprovable } = proxyActivities<CreditActivities>(PROFILES.answer);

export const decideUpdate = defineUpdate<ApplicationStatus, [Decision]>('decideApplication');
export const confirmContractUpdate = defineUpdate<ApplicationStatus, [{ actor: string }]>('confirmContract');
export const withdrawUpdate = defineUpdate<ApplicationStatus, [{ actor: string; reason?: string }]>('withdrawApplication');
export const statusQuery = defineQuery<ApplicationStatus>('applicationStatus');

const refuse = (message: string) => ApplicationFailure.create({ type: 'INVALID_STATE', message, nonRetryable: true });
const iso = (ms: number) => new Date(ms).toISOString();
type Closing = Exclude<EventPayloads['credit.application_decided']['decision'], 'approved'>;

/**
 * One credit application, from submission to the limit in force (or its end without one). Reviewer, MA
 * account and account manager act through updates, each answered once the workflow has acted on it; where the
 * application stands is an ApplicationState (domain/credit-application-state.ts), which the query reads.
 */
export async function creditApplication(input: CreditApplicationInput): Promise<ApplicationStatus> {
  const { applicationId: id, enterpriseId } = input;
  const app = new ApplicationState(input, () => Date.now());
  const { timing, deadlines } = app;

  const enter = (next: ApplicationStage) => {
    app.stage = next;
    upsertSearchAttributes([{ key: Stage, value: next }]);
  };
  const assertAccepts = (allowed: ApplicationStage[], what: string) => {
    const why = app.refusal(allowed, what);
    if (why) throw refuse(why);
  };
  const accept = async (intent: Intent): Promise<ApplicationStatus> => {
    const request = app.accept(intent);
    await condition(() => request.done);
    if (request.failure) throw request.failure;
    return app.status();
  };
  /** Answers the request acted on so far, then waits for the next one (undefined: the wait ran out). */
  const nextIntent = async (timeoutMs: number): Promise<Intent | undefined> => {
    app.answer();
    await condition(() => app.hasPending, Math.max(1, timeoutMs));
    return app.take();
  };

  setHandler(statusQuery, () => app.status());
  setHandler(decideUpdate, async (d) => {
    if (d.approve) await checkCreditApprovable(enterpriseId, d.approved ?? input.requested);
    assertAccepts(['awaiting_review'], 'decide');
    return accept({ kind: 'decide', decision: d });
  }, { validator: (d) => {
    assertAccepts(['awaiting_review'], 'decide');
    if (!d.approve && !d.reason.trim()) throw ApplicationFailure.create({ type: 'VALIDATION_FAILED', message: 'a rejection needs a reason', nonRetryable: true });
  } });
  setHandler(confirmContractUpdate, ({ actor }) => accept({ kind: 'confirm', actor }), {
    validator: (_req) => assertAccepts(['awaiting_contract'], 'confirm the contract'),
  });
  setHandler(withdrawUpdate, ({ actor, reason }) => accept({ kind: 'withdraw', actor, reason }), {
    validator: (_req) => assertAccepts(['awaiting_review', 'awaiting_contract'], 'withdraw'),
  });

  const finish = async (): Promise<ApplicationStatus> => {
    app.answer();
    await condition(allHandlersFinished);
    return app.status();
  };
  const close = async (next: Closing, by?: string, reason?: string): Promise<ApplicationStatus> => {
    enter(next);
    app.note(next, by, reason);
    await bookkeeping.closeApplication(id, enterpriseId, {
      stage: next, decision: next, closedAt: iso(Date.now()), ...(by && { closedBy: by }), ...(reason && { closeReason: reason }),
      ...(next === 'rejected' && app.decisionColumns()),
    });
    return finish();
  };

  /** Sends the contract, reminds on schedule, and returns the MA account's or manager's request, if any came in time. */
  const awaitContract = async (): Promise<Intent | undefined> => {
    const sentAt = Date.now();
    deadlines.contract = sentAt + timing.confirmWindowMs;
    const reminders = reminderTimes(sentAt, timing);
    deadlines.nextReminder = reminders[0] ?? 0;
    enter('awaiting_contract');
    app.note('contract_sent', undefined, `confirm by ${iso(deadlines.contract)}`, iso(deadlines.contract));
    await bookkeeping.recordApplicationStage(id, { stage: app.stage, ...app.decisionColumns() });
    await bookkeeping.sendContractNotice(id, enterpriseId, { deadline: iso(deadlines.contract), reminder: 0 });
    for (const [i, at] of reminders.entries()) {
      const intent = await nextIntent(at - Date.now());
      if (intent) return intent;
      app.remindersSent = i + 1;
      deadlines.nextReminder = reminders[i + 1] ?? 0;
      app.note('contract_reminder', undefined, `reminder ${app.remindersSent}`);
      await bookkeeping.sendContractNotice(id, enterpriseId, { deadline: iso(deadlines.contract), reminder: app.remindersSent });
    }
    return nextIntent(deadlines.contract - Date.now());
  };

  const takeEffect = async (): Promise<ApplicationStatus> => {
    enter('taking_effect');
    await bookkeeping.recordApplicationStage(id, { stage: app.stage, ...app.decisionColumns() });
    const decision = app.review.decision!;
    const approved = app.approved!;
    const reason = `credit application ${id}: ${decision.reason || input.reason}`;
    try {
      await putCreditLimitInForce(id, enterpriseId, { approved, actor: decision.actor, reason, at: iso(Date.now()) });
    } catch (err) {
      const failure = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : undefined;
      if (!failure) throw err;
      enter('failed');
      app.note('failed', undefined, `${failure.type}: ${failure.message}`);
      await bookkeeping.closeApplication(id, enterpriseId, {
        stage: app.stage, decision: 'failed', closeReason: `${failure.type}: ${failure.message}`, closedAt: iso(Date.now()),
      });
      app.answer(failure);
      await condition(allHandlersFinished);
      throw failure;
    }
    enter('in_force');
    app.note('in_force', undefined, `total ${formatYuan(BigInt(approved.publicCloud))} + ${formatYuan(BigInt(approved.hybridCloud))} yuan`);
    return finish();
  };

  upsertSearchAttributes([{ key: EnterpriseId, value: String(enterpriseId) }, { key: Stage, value: app.stage }]);
  app.note('submitted', input.submittedBy, input.reason);

  const first = await nextIntent(timing.reviewWindowMs);
  if (!first) return close('expired', undefined, 'not decided within the review window');
  if (first.kind === 'withdraw') return close('withdrawn', first.actor, first.reason);
  if (first.kind !== 'decide') throw refuse(`unexpected ${first.kind} while awaiting review`);
  const decision = first.decision;
  app.decide(decision);
  if (!decision.approve) return close('rejected', decision.actor, decision.reason);
  app.note('approved', decision.actor, decision.reason);

  const confirmedAt = await bookkeeping.contractConfirmedAt(enterpriseId);
  if (confirmedAt) {
    app.note('contract_already_confirmed', undefined, `confirmed ${confirmedAt}`);
    return takeEffect();
  }
  const reply = await awaitContract();
  if (!reply) return close('lapsed', undefined, 'the contract was not confirmed in time');
  if (reply.kind === 'withdraw') return close('withdrawn', reply.actor, reply.reason);
  if (reply.kind !== 'confirm') throw refuse(`unexpected ${reply.kind} while awaiting the contract`);
  await bookkeeping.recordContractConfirmation(enterpriseId, reply.actor, iso(Date.now()));
  app.note('contract_confirmed', reply.actor);
  return takeEffect();
}
