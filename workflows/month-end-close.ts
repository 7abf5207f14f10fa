import { continueAsNew, proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { previousBillingPeriod } from '../domain/periods';
import { Stage } from './search-attributes';

const PROFILES = {
  batch: {
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  },
} as const;

const { closeMonthBatches, expireCoupons } = proxyActivities<Activities>(PROFILES.batch);

export interface MonthEndCloseInput {
  /**
   * "YYYY-MM"; defaults to the billing month before the one the run starts in (what a schedule wants). The
   * ledger checks its form (uam_close_month): the first batch fails the run, non-retryably, on a bad one.
   */
  period?: string;
  afterId?: number;
  moved?: number;
  batchSize?: number;
}

export interface MonthEndCloseResult {
  period: string;
  accountsClosed: number;
  couponsExpired: number;
}

const BATCHES_PER_ACTIVITY = 20;
const ACTIVITIES_PER_RUN = 50; // then continue-as-new, so history stays small on a million accounts

/**
 * Month-end close: every account's monthly uncleared becomes historical uncleared, and expired coupons are
 * ended. Runs on a Temporal schedule on the 1st of each month; re-running a period moves nothing twice.
 */
export async function monthEndClose(input: MonthEndCloseInput = {}): Promise<MonthEndCloseResult> {
  const period = input.period ?? previousBillingPeriod(workflowInfo().startTime);
  const batchSize = input.batchSize ?? 500;
  upsertSearchAttributes([{ key: Stage, value: 'closing' }]);
  let afterId: number | null = input.afterId ?? 0;
  let moved = input.moved ?? 0;
  for (let i = 0; i < ACTIVITIES_PER_RUN && afterId !== null; i++) {
    const step: { moved: number; nextAfterId: number | null } = await closeMonthBatches({ period, afterId, batchSize, batches: BATCHES_PER_ACTIVITY });
    moved += step.moved;
    afterId = step.nextAfterId;
  }
  if (afterId !== null) return continueAsNew<typeof monthEndClose>({ period, afterId, moved, batchSize });
  const couponsExpired = await expireCoupons({ batchSize });
  upsertSearchAttributes([{ key: Stage, value: 'closed' }]);
  return { period, accountsClosed: moved, couponsExpired };
}
