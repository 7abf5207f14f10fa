import { heartbeat } from '@temporalio/activity';
import type { Db } from '../db/connection';
import { closeMonthBatch, expireDueCoupons, markPeriodClosed } from '../db/ledger/maintenance';
import { withTypedFailures } from './failures';

const ACTOR = 'system:month-end-close';

/** Month-end close steps. Each is idempotent: closing is keyed by period and account; a bad period is refused. */
export function createMonthEndActivities({ db }: { db: Db }) {
  return withTypedFailures({
    /** Marks the period closed for one enterprise (or all, null) before its accounts are walked. */
    async markPeriodClosed(input: { period: string; enterpriseId: number | null }): Promise<boolean> {
      return markPeriodClosed(db, { ...input, actor: ACTOR });
    },

    /** Closes up to `batches` batches and reports where to continue (amount: fen moved, a decimal string); heartbeats after each batch. */
    async closeMonthBatches(input: { period: string; enterpriseId: number | null; afterId: number; batchSize: number; batches: number }) {
      let afterId: number | null = input.afterId;
      let moved = 0;
      let amount = 0n;
      for (let i = 0; i < input.batches && afterId !== null; i++) {
        const batch = await closeMonthBatch(db, { period: input.period, enterpriseId: input.enterpriseId, afterId, batchSize: input.batchSize, actor: ACTOR });
        moved += batch.moved;
        amount += batch.amount;
        afterId = batch.nextAfterId;
        heartbeat({ afterId, moved });
      }
      return { moved, amount: amount.toString(), nextAfterId: afterId };
    },

    async expireCoupons(input: { batchSize: number; enterpriseId?: number | null }): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await expireDueCoupons(db, { batchSize: input.batchSize, enterpriseId: input.enterpriseId ?? null, actor: ACTOR });
        total += n;
        heartbeat(total);
        if (n < input.batchSize) return total;
      }
    },
  });
}
