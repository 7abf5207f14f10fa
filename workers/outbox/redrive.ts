import type { Knex } from 'knex';
import { overdueDeliveries } from '../../db/delivery-redrive';
import { undoneOutbox } from '../../db/outbox-progress';
import { DELIVERY_KINDS, ensureDelivery } from '../../notifications/delivery-processor';
import { ensureJob } from '../../queues/ensure-job';
import type { Queues } from '../../queues/queues';
import { eventJobData, jobIdOf, queueForTopic } from '../../queues/events';

export interface RedriveOptions {
  /** Work this late is looked at (REDRIVE_AFTER_MS): its job should have run it by now. */
  overdueMs: number;
  pageSize?: number;
}

export interface RedriveResult {
  /** Outbox events whose job was queued again (lost by Redis, or ended without finishing them). */
  events: number;
  /** Deliveries (messages) whose job was queued again. */
  deliveries: number;
}

/**
 * One pass of the re-drive: Postgres says what is unfinished, Redis is asked whether a job will still run it, and
 * a job is queued again where none will. Everything re-queued keeps its job id, so a job that Redis did keep
 * is never doubled, and every consumer is idempotent, so a job that runs twice does its work once.
 */
export async function redrivePass(db: Knex, queues: Queues, options: RedriveOptions): Promise<RedriveResult> {
  const limit = options.pageSize ?? 500;
  const result: RedriveResult = { events: 0, deliveries: 0 };
  for (let afterId = 0n; ;) {
    const events = await undoneOutbox(db, { overdueMs: options.overdueMs, afterId, limit });
    const ensured = await Promise.all(events.map((e) =>
      ensureJob(queues[queueForTopic(e.topic)], e.topic, eventJobData(e), jobIdOf(e.dedupeKey))));
    result.events += ensured.filter((how) => how !== 'present').length;
    if (events.length < limit) break;
    afterId = events[events.length - 1]!.id;
  }
  for (const [kind, table] of Object.entries(DELIVERY_KINDS)) {
    for (let afterId = 0n; ;) {
      const ids = await overdueDeliveries(db, table, { overdueMs: options.overdueMs, afterId, limit });
      const ensured = await Promise.all(ids.map((id) => ensureDelivery(queues.deliveries, kind, id)));
      result.deliveries += ensured.filter((how) => how !== 'present').length;
      if (ids.length < limit) break;
      afterId = ids[ids.length - 1]!;
    }
  }
  return result;
}
