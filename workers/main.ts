import { createActivities } from '../activities';
import { createDb, type Db } from '../db/connection';
import { startAlertWorker } from './alert-worker';
import { startNotifier } from './notifier';
import { startOutboxRelay } from './outbox-relay';
import { createQueueWorkers } from './queue-workers';
import { createQueues, createRedisConnection, type Queues } from './queues';
import { isMain, runProcess, type ProcessContext } from './run';
import { ensureSchedules } from './schedules';
import { createTemporalWorker } from './temporal-worker';

/**
 * Starts the Temporal worker and every BullMQ worker in this process, registering each for shutdown.
 * Used by the uam-worker process (`uam worker`, `tsx workers/main.ts`) and by `uam start`.
 */
export async function startWorkers({ config, logger, onClose }: ProcessContext, shared: { db: Db; queues: Queues }) {
  const connection = createRedisConnection(config, { connectionName: 'uam-workers' });
  onClose('worker redis connection', () => connection.quit());
  const queueWorkers = createQueueWorkers({ config, connection, logger, db: shared.db });
  onClose('queue workers', () => Promise.all(queueWorkers.map((worker) => worker.close())));
  // The outbox relay, the alert checker (with its periodic scan) and the notification sender.
  await startOutboxRelay({ config, logger, onClose }, shared);
  await startAlertWorker({ config, logger, onClose }, shared);
  startNotifier({ config, logger, onClose }, shared);
  const temporal = await createTemporalWorker({ config, logger, activities: createActivities({ config, logger, ...shared }) });
  onClose('temporal worker', () => temporal.stop());
  await ensureSchedules(config, logger);
  logger.info({ taskQueue: config.temporal.taskQueue, queues: queueWorkers.map((w) => w.name) }, 'workers running');
  return { done: temporal.run() };
}

/** The uam-worker process: its own db pool and queue producers, then every worker. */
export async function workerProcess(ctx: ProcessContext) {
  const db = createDb(ctx.config);
  ctx.onClose('db', () => db.destroy());
  const queues = createQueues(ctx.config);
  ctx.onClose('queues', () => queues.close());
  return startWorkers(ctx, { db, queues });
}

if (isMain(import.meta.url)) await runProcess('uam-worker', workerProcess);
