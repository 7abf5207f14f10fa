import { heartbeat } from '@temporalio/activity';
import type { Db } from '../db/connection';
import { closeMonthBatch, expireDueCoupons } from '../db/ledger/maintenance';
import { withTypedFailures } from './failures';

const ACTOR = 'system:month-end-close';

/** Month-end close steps. Each batch is idempotent: closing is keyed by period and account; a bad period is refused. */
export function createMonthEndActivities({ db }: { db: Db }) {
  return withTypedFailures({
    /** Closes up to `batches` batches and reports where to continue; heartbeats after each batch. */
    async closeMonthBatches(input: { period: string; afterId: number; batchSize: number; batches: number }) {
      let afterId: number | null = input.afterId;
      let moved = 0;
      for (let i = 0; i < input.batches && afterId !== null; i++) {
        const batch = await closeMonthBatch(db, { period: input.period, afterId, batchSize: input.batchSize, actor: ACTOR });
        moved += batch.moved;
        afterId = batch.nextAfterId;
        heartbeat({ afterId, moved });
      }
      return { moved, nextAfterId: afterId };
    },

    async expireCoupons(input: { batchSize: number }): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await expireDueCoupons(db, { batchSize: input.batchSize, actor: ACTOR });
        total += n;
        heartbeat(total);
        if (n < input.batchSize) return total;
      }
    },
  });
}
