import type { Worker } from 'bullmq';
import type { Db } from '../db/connection';
import type { QueueWorkerDeps } from './queue-worker';
import { createSmokeWorker } from './smoke-worker';

export type QueueWorkersDeps = QueueWorkerDeps & { db: Db };

/** Every BullMQ worker a uam worker process runs. Add one line per worker. */
const FACTORIES: Array<(deps: QueueWorkersDeps) => Worker> = [
  createSmokeWorker,
];

export function createQueueWorkers(deps: QueueWorkersDeps): Worker[] {
  return FACTORIES.map((create) => create(deps));
}
