import { continueAsNew, defineQuery, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_BILLING_TIME_ZONE, previousBillingPeriod } from '../domain/periods';
import { EnterpriseId, Stage } from './search-attributes';

const PROFILES = {
  batch: {
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  },
} as const;

const { closeMonthBatches, expireCoupons, markPeriodClosed } = proxyActivities<Activities>(PROFILES.batch);

export interface MonthEndCloseInput {
  /**
   * "YYYY-MM"; defaults to the billing month before the one the run starts in (what a schedule wants), in
   * `timeZone`. The ledger checks its form: the first step fails the run, non-retryably, on a bad one.
   */
  period?: string;
  /** The billing time zone (BILLING_TIME_ZONE), for the default period; the schedule passes it. */
  timeZone?: string;
  /** Close only this enterprise's accounts; absent: every enterprise's. */
  enterpriseId?: number | null;
  batchSize?: number;
  /** Where a run continued-as-new picks up. */
  afterId?: number;
  moved?: number;
  /** Fen moved so far, as a decimal string. */
  amount?: string;
}

export interface MonthEndCloseResult {
  period: string;
  enterpriseId: number | null;
  accountsClosed: number;
  /** Fen moved from monthly to historical uncleared, as a decimal string. */
  amountMoved: string;
  couponsExpired: number;
}

export interface MonthEndProgress extends MonthEndCloseResult {
  stage: 'closing' | 'expiring_coupons' | 'closed';
}

/** Where a close stands: accounts closed and fen moved so far (the whole report once the stage is closed). */
export const monthEndProgressQuery = defineQuery<MonthEndProgress>('monthEndProgress');

const BATCHES_PER_ACTIVITY = 20;
const ACTIVITIES_PER_RUN = 50; // then continue-as-new, so history stays small on a million accounts

/**
 * Close of a billing period: the period is marked closed (from then on its charges go to historical uncleared),
 * then each account's monthly uncleared of that period becomes historical — later periods are left alone — and
 * expired coupons are ended. Runs on a Temporal schedule on the 1st of each month for the month just ended, or
 * by hand for one period and all enterprises or one; re-running a period moves nothing twice.
 */
export async function monthEndClose(input: MonthEndCloseInput = {}): Promise<MonthEndCloseResult> {
  const period = input.period ?? previousBillingPeriod(workflowInfo().startTime, input.timeZone ?? DEFAULT_BILLING_TIME_ZONE);
  const enterpriseId = input.enterpriseId ?? null;
  const batchSize = input.batchSize ?? 500;
  const progress: MonthEndProgress = {
    period, enterpriseId, stage: 'closing', accountsClosed: input.moved ?? 0, amountMoved: input.amount ?? '0', couponsExpired: 0,
  };
  setHandler(monthEndProgressQuery, () => ({ ...progress }));
  upsertSearchAttributes([{ key: Stage, value: 'closing' }, ...(enterpriseId === null ? [] : [{ key: EnterpriseId, value: String(enterpriseId) }])]);
  // Runs recorded before billing periods closed every account's uncleared without marking the period.
  if (input.afterId === undefined && patched('billing-periods')) await markPeriodClosed({ period, enterpriseId });
  let afterId: number | null = input.afterId ?? 0;
  for (let i = 0; i < ACTIVITIES_PER_RUN && afterId !== null; i++) {
    const step: { moved: number; amount?: string; nextAfterId: number | null } = await closeMonthBatches({ period, enterpriseId, afterId, batchSize, batches: BATCHES_PER_ACTIVITY });
    progress.accountsClosed += step.moved;
    progress.amountMoved = String(BigInt(progress.amountMoved) + BigInt(step.amount ?? '0') /* absent in runs recorded before amounts were reported */);
    afterId = step.nextAfterId;
  }
  if (afterId !== null) {
    return continueAsNew<typeof monthEndClose>({ period, enterpriseId, afterId, moved: progress.accountsClosed, amount: progress.amountMoved, batchSize });
  }
  progress.stage = 'expiring_coupons';
  progress.couponsExpired = await expireCoupons({ batchSize, enterpriseId });
  progress.stage = 'closed';
  upsertSearchAttributes([{ key: Stage, value: 'closed' }]);
  return { period, enterpriseId, accountsClosed: progress.accountsClosed, amountMoved: progress.amountMoved, couponsExpired: progress.couponsExpired };
}
