import type { Knex } from 'knex';
import { metrics, setScrapeSource } from '../core/metrics';
import { outboxStats } from '../db/outbox';
import { QUEUE_NAMES, type Queues } from '../queues/queues';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Lets this process's /metrics report the outbox backlog and every queue's depth, read when scraped. Returns
 * the function that stops it (before the database or the queues close).
 */
export function watchBacklogs(db: Knex, queues: Queues): () => void {
  const stopOutbox = setScrapeSource('outbox', async () => {
    const stats = await outboxStats(db);
    metrics.outboxBacklog.set({ stage: 'unrelayed' }, stats.unrelayed);
    metrics.outboxBacklog.set({ stage: 'unconsumed' }, stats.unconsumed);
    metrics.outboxOldestAge.set(stats.oldestUnrelayedSeconds);
  });
  const stopQueues = setScrapeSource('queues', async () => {
    await Promise.all(QUEUE_NAMES.map(async (queue) => {
      const counts = await queues[queue].getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) metrics.queueJobs.set({ queue, state }, counts[state] ?? 0);
    }));
  });
  return () => {
    stopOutbox();
    stopQueues();
  };
}
