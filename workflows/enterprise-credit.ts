import {
  ApplicationFailure, allHandlersFinished, condition, continueAsNew, defineUpdate, proxyActivities, setHandler,
  upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { CreditActivities } from '../activities/credit';
import { memberLimitProblem, type MemberLimitChange, type MemberLimitMove, type MemberLimitResult } from '../domain/member-credit';
import { EnterpriseId, Stage } from './search-attributes';

/**
 * The caller waits for the answer: one short ledger transaction, retried through an infrastructure fault (a
 * database restart) for up to two minutes; past that the error reaches the caller, with nothing changed, and a
 * retry with the same request id is safe. Business refusals are not retried.
 */
const PROFILES = {
  answer: {
    startToCloseTimeout: '10 seconds', scheduleToCloseTimeout: '2 minutes',
    retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
  },
} as const;

const { changeMemberCreditLimit, moveMemberCreditLimit } = proxyActivities<CreditActivities>(PROFILES.answer);

export const changeMemberLimitUpdate = defineUpdate<MemberLimitResult, [MemberLimitChange]>('changeMemberLimit');
export const moveMemberLimitUpdate = defineUpdate<MemberLimitResult, [MemberLimitMove]>('moveMemberLimit');

export interface EnterpriseCreditInput {
  enterpriseId: number;
  /** Requests served before continuing as new, which keeps the history short. */
  maxRequests?: number;
}

export const DEFAULT_MAX_REQUESTS = 500;

const validate = (req: MemberLimitChange | MemberLimitMove) => {
  const problem = memberLimitProblem(req);
  if (problem) throw ApplicationFailure.create({ type: problem.code, message: problem.message, nonRetryable: true });
};

/**
 * The one place an enterprise's member credit limits change: requests arrive as updates and are carried out
 * one at a time, in arrival order, so a "set to" reads a limit nothing else is changing. Runs for as long as
 * the enterprise exists, continuing as new every `maxRequests` requests.
 */
export async function enterpriseCredit({ enterpriseId, maxRequests = DEFAULT_MAX_REQUESTS }: EnterpriseCreditInput): Promise<never> {
  upsertSearchAttributes([{ key: EnterpriseId, value: String(enterpriseId) }, { key: Stage, value: 'serving' }]);
  let accepted = 0;
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    accepted++;
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };

  setHandler(changeMemberLimitUpdate, (req) => serially(() => changeMemberCreditLimit(enterpriseId, req)), { validator: validate });
  setHandler(moveMemberLimitUpdate, (req) => serially(() => moveMemberCreditLimit(enterpriseId, req)), { validator: validate });

  await condition(() => accepted >= maxRequests || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  return continueAsNew<typeof enterpriseCredit>({ enterpriseId, maxRequests });
}
