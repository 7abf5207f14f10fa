import { createActivities } from '../activities';
import { createTemporalClient } from '../api/context';
import type { Config } from '../core/config';
import { createDb, type Db } from '../db/connection';
import { triggerFunding } from '../services/funding-policies';
import { probesOf } from '../services/readiness';
import { startAlertWorker } from '../workers/alert-worker';
import type { ProcessContext, Started } from '../workers/context';
import { startNotifier } from '../workers/notifier';
import { startOutboxRelay } from '../workers/outbox-relay';
import { createQueues, createRedisConnection, type Queues } from '../queues/queues';
import { ensureSchedules } from '../workers/schedules';
import { createSmokeWorker } from '../workers/smoke-worker';
import { createTemporalWorker } from '../workers/temporal-worker';
import { watchBacklogs } from '../workers/backlog-metrics';
import { startMetricsServer } from './metrics-server';
import { runProcess } from './run';

/** The parts of a worker process, each started by its entry in START below (the one table of them); `uam worker --only outbox-relay,notifier` runs some of them. */
export const WORKER_PARTS = ['temporal', 'outbox-relay', 'alerts', 'notifier', 'smoke'] as const;
export type WorkerPart = (typeof WORKER_PARTS)[number];

type Shared = { db: Db; queues: Queues };

/** How each part starts; a part with a main loop of its own returns it as `done`. */
const START: Record<WorkerPart, (ctx: ProcessContext, shared: Shared) => Promise<Started | void>> = {
  async temporal(ctx, shared) {
    const temporal = await createTemporalWorker({ config: ctx.config, logger: ctx.logger, activities: createActivities({ config: ctx.config, logger: ctx.logger, ...shared }) });
    ctx.onClose('temporal worker', () => temporal.stop());
    await ensureSchedules(ctx.config, ctx.logger);
    return { done: temporal.run() };
  },
  async 'outbox-relay'(ctx, shared) {
    await startOutboxRelay(ctx, shared);
  },
  async alerts(ctx, shared) {
    // A balance change below a funding policy's floor starts its top-up (the scan schedule is the safety net).
    const temporal = createTemporalClient(ctx.config);
    ctx.onClose('funding temporal client', () => temporal.close());
    await startAlertWorker(ctx, shared, (accountIds) => triggerFunding(shared.db, temporal.client, ctx.config.temporal.taskQueue, accountIds));
  },
  async notifier(ctx, shared) {
    startNotifier(ctx, shared);
  },
  async smoke(ctx, shared) {
    const connection = createRedisConnection(ctx.config, { connectionName: 'uam-smoke' });
    ctx.onClose('smoke redis connection', () => connection.quit());
    const worker = createSmokeWorker({ config: ctx.config, connection, logger: ctx.logger, db: shared.db });
    ctx.onClose('smoke worker', () => worker.close());
  },
};

/**
 * Starts the chosen parts (all by default) in this process, each registered for shutdown. The only place the
 * workers are put together: the worker process and `uam start` both call it. `done` settles if the Temporal
 * worker's loop ends by itself.
 */
export async function startWorkers(ctx: ProcessContext, shared: Shared, parts: readonly WorkerPart[] = WORKER_PARTS): Promise<Started> {
  const loops: Array<Promise<unknown>> = [];
  for (const part of WORKER_PARTS.filter((p) => parts.includes(p))) {
    const started = await START[part](ctx, shared);
    if (started?.done) loops.push(started.done);
  }
  ctx.logger.info({ parts, taskQueue: ctx.config.temporal.taskQueue }, 'workers running');
  return loops.length ? { done: Promise.race(loops) } : {};
}

/** `uam worker`: its own database pool (checked at start-up) and queue producers, then the chosen parts. */
export function runWorker(config: Config, parts: readonly WorkerPart[] = WORKER_PARTS): Promise<void> {
  return runProcess('uam-worker', async (ctx) => {
    const db = createDb(ctx.config);
    ctx.onClose('db', () => db.destroy());
    await db.raw('select 1');
    const queues = createQueues(ctx.config);
    ctx.onClose('queues', () => queues.close());
    const temporal = createTemporalClient(ctx.config);
    ctx.onClose('temporal client', () => temporal.close());
    const stopWatching = watchBacklogs(db, queues);
    ctx.onClose('backlog metrics', async () => stopWatching());
    await startMetricsServer(ctx, probesOf({ db, redis: queues.connection, temporal: temporal.client }));
    return startWorkers(ctx, { db, queues }, parts);
  }, { config });
}
