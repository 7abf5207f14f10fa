import type { Knex } from 'knex';
import { metrics } from '../../core/metrics';
import { transaction } from '../../db/transaction';
import { eventJobData, jobIdOf, queueForTopic, type EventJobData, type EventQueueName, type EventQueues } from '../../queues/events';

interface OutboxRow {
  id: bigint;
  topic: string;
  dedupe_key: string;
  payload: EventJobData['payload'];
  traceparent: string | null;
}

/**
 * Moves one batch of pending outbox rows to BullMQ, oldest first, and returns how many it moved. The rows
 * stay locked (SKIP LOCKED, so a second relay takes the next batch instead of waiting) while they are
 * enqueued, and are marked relayed only after every enqueue succeeded, in the same transaction. A crash in
 * between leaves them pending; the next relay enqueues them again and the job id (the dedupe key) turns
 * that into a no-op. With one relay running, events reach each queue in outbox order.
 */
export async function relayBatch(db: Knex, queues: EventQueues, batchSize: number): Promise<number> {
  return transaction(db, async (trx) => {
    const { rows } = await trx.raw(
      `SELECT id, topic, dedupe_key, payload, traceparent FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    const pending = rows as OutboxRow[];
    if (pending.length === 0) return [];
    const byQueue = new Map<EventQueueName, OutboxRow[]>();
    for (const row of pending) {
      const name = queueForTopic(row.topic);
      byQueue.set(name, [...(byQueue.get(name) ?? []), row]);
    }
    for (const [name, list] of byQueue) {
      await queues[name].addBulk(
        list.map((row) => ({
          name: row.topic,
          data: eventJobData({ dedupeKey: row.dedupe_key, payload: row.payload, traceparent: row.traceparent }),
          opts: { jobId: jobIdOf(row.dedupe_key) },
        })),
      );
    }
    await trx.raw('UPDATE outbox SET relayed_at = now() WHERE id = ANY(?::bigint[])', [pending.map((row) => row.id.toString())]);
    return pending;
  }).then((relayed) => {
    // Counted once committed: a batch rolled back is relayed again, and counted then.
    for (const row of relayed) {
      metrics.outboxEvents.inc({ topic: row.topic });
      if (row.topic === 'alert.low_balance') metrics.alertsFired.inc();
    }
    return relayed.length;
  });
}
