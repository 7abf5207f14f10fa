import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../core/logger';
import { SCAN_SCHEDULER_ID, scheduleAlertScan } from './alert-processor';

export interface ScanKeeper {
  /** Registers the scan now if it is missing (also run on every reconnect and every `checkMs`). */
  check(): Promise<boolean>;
  stop(): void;
}

/**
 * Keeps the periodic alert scan scheduled. Its schedule lives in Redis, so a Redis restarted without
 * persistence (or flushed) forgets it and the safety net silently stops: it is registered again whenever the
 * connection becomes ready after a reconnect, and checked every `checkMs` in case the data went without a
 * disconnect. Returns true from check() when it had to register it.
 */
export function keepAlertScanScheduled(deps: { queue: Queue; connection: Redis; everyMs: number; checkMs: number; logger: Logger }): ScanKeeper {
  const { queue, connection, everyMs, logger } = deps;
  const check = async (): Promise<boolean> => {
    if (await queue.getJobScheduler(SCAN_SCHEDULER_ID)) return false;
    await scheduleAlertScan(queue, everyMs);
    logger.warn({ schedulerId: SCAN_SCHEDULER_ID }, 'the alert scan was not scheduled in Redis (restarted or flushed?): scheduled it again');
    return true;
  };
  const safely = () => void check().catch((err: unknown) => logger.error({ err }, 'could not check the alert scan schedule'));
  connection.on('ready', safely);
  const timer = setInterval(safely, deps.checkMs);
  timer.unref();
  return {
    check,
    stop() {
      clearInterval(timer);
      connection.off('ready', safely);
    },
  };
}
