import { UnrecoverableError, type Processor } from 'bullmq';
import type { SmokeJob } from '../activities/smoke';
import type { Db } from '../db/connection';
import { createQueueWorker, type QueueWorkerDeps } from './queue-worker';

/** Marks a smoke run done: the last hop of workflow → activity → queue → worker. */
export function smokeProcessor(db: Db): Processor<SmokeJob, 'done'> {
  return async (job) => {
    const updated = await db('smoke_runs').where({ id: job.data.runId }).update({ status: 'done', done_at: db.fn.now() });
    if (updated === 0) throw new UnrecoverableError(`smoke run ${job.data.runId} does not exist`);
    return 'done';
  };
}

export function createSmokeWorker(deps: QueueWorkerDeps & { db: Db }) {
  return createQueueWorker('smoke', smokeProcessor(deps.db), deps);
}
