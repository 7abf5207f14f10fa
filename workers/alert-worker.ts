import type { Db } from '../db/connection';
import { type FundingDueHook, alertCheckProcessor, scheduleAlertScan } from './alert-processor';
import { createQueueWorker } from './queue-worker';
import { keepAlertScanScheduled } from './scan-keeper';
import { createRedisConnection, type Queues } from '../queues/queues';
import type { ProcessContext } from './context';

/**
 * The alert checker: consumes the 'alert-check' queue (balance and alert-setting changes relayed from the
 * outbox, and the periodic scan) and registers the scan's schedule (`config.alerts.scanIntervalMs`), again
 * whenever Redis has forgotten it. `onFundingDue` starts the top-up of each member a posting took below its funding policy's floor.
 */
export async function startAlertWorker({ config, logger, onClose }: ProcessContext, shared: { db: Db; queues: Queues }, onFundingDue?: FundingDueHook) {
  const connection = createRedisConnection(config, { connectionName: 'uam-alert-worker' });
  onClose('alert worker redis connection', () => connection.quit());
  const worker = createQueueWorker('alert-check', alertCheckProcessor(shared.db, config, onFundingDue), { config, connection, logger }, { concurrency: 2 });
  onClose('alert worker', () => worker.close());
  await scheduleAlertScan(shared.queues['alert-check'], config.alerts.scanIntervalMs);
  const keeper = keepAlertScanScheduled({
    queue: shared.queues['alert-check'], connection: shared.queues.connection, everyMs: config.alerts.scanIntervalMs,
    checkMs: config.queues.redriveIntervalMs, logger: logger.child({ component: 'alert-scan' }),
  });
  onClose('alert scan keeper', async () => keeper.stop());
  logger.info({ scanIntervalMs: config.alerts.scanIntervalMs, scanBatchSize: config.alerts.scanBatchSize }, 'alert worker running');
  return worker;
}

