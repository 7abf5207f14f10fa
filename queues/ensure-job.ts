import type { Queue } from 'bullmq';

export type Ensured = 'added' | 'retried' | 'present';

/**
 * Makes sure the job with this id will run (once): added if Redis does not have it (never queued, lost in a
 * restart without persistence, or trimmed), retried if it ended failed or completed, left alone while it is
 * waiting, delayed or active. Safe to call from several processes at once: BullMQ refuses a second add of the
 * same id and a retry of a job that is no longer finished.
 */
export async function ensureJob(queue: Queue, name: string, data: object, jobId: string): Promise<Ensured> {
  const job = await queue.getJob(jobId);
  if (!job) {
    await queue.add(name, data, { jobId });
    return 'added';
  }
  const state = await job.getState();
  if (state !== 'failed' && state !== 'completed') return 'present';
  try {
    await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    return 'retried';
  } catch {
    return 'present'; // someone else moved it first
  }
}
