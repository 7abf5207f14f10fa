import { UnrecoverableError, type Processor, type Queue } from 'bullmq';
import type { Knex } from 'knex';
import type { Config } from '../core/config';
import { DEFAULT_JOB_OPTIONS } from '../queues/queues';
import { checkAccounts, scanAlerts, type AlertCheckResult, type ScanResult } from './alert-check';
import type { EventJobData } from '../queues/events';
import { markOutboxDone } from '../db/outbox-progress';

/** Jobs of the 'alert-check' queue: relayed events naming accounts, and the periodic scan. */
export type AlertJobData = EventJobData<'balance.changed'> | EventJobData<'alert.settings_changed'> | EventJobData<'funding.due'> | ScanJobData;

export interface ScanJobData {
  /** Where a retried scan resumes (updated after every page). */
  afterId?: number;
}

export const SCAN_JOB = 'scan';
export const SCAN_SCHEDULER_ID = 'alert-scan';

/**
 * Registers (or updates) the periodic scan as a BullMQ job scheduler: one 'scan' job every `everyMs`.
 * Upserting is idempotent, so every alert worker may do it at start-up.
 */
export async function scheduleAlertScan(queue: Queue, everyMs: number): Promise<void> {
  await queue.upsertJobScheduler(
    SCAN_SCHEDULER_ID,
    { every: everyMs },
    { name: SCAN_JOB, data: {} satisfies ScanJobData, opts: { attempts: DEFAULT_JOB_OPTIONS.attempts, backoff: DEFAULT_JOB_OPTIONS.backoff } },
  );
}

/** Called with the member of each funding.due event (funding policies' trigger: it starts the top-up). */
export type FundingDueHook = (accountIds: number[]) => Promise<number>;

export function alertCheckProcessor(
  db: Knex,
  config: Pick<Config, 'alerts'>,
  onFundingDue?: FundingDueHook,
): Processor<AlertJobData, AlertCheckResult | ScanResult | { topUpsStarted: number }> {
  return async (job) => {
    if (job.name === SCAN_JOB) {
      const { afterId } = job.data as ScanJobData;
      return scanAlerts(db, {
        batchSize: config.alerts.scanBatchSize,
        afterId: afterId ?? 0,
        onPage: (lastId) => job.updateData({ afterId: lastId }),
      });
    }
    if (job.name === 'balance.changed' || job.name === 'alert.settings_changed') {
      const { dedupeKey, payload } = job.data as EventJobData<'balance.changed' | 'alert.settings_changed'>;
      const result = await checkAccounts(db, payload.accountIds);
      await markOutboxDone(db, dedupeKey);
      return result;
    }
    if (job.name === 'funding.due') {
      const { dedupeKey, payload } = job.data as EventJobData<'funding.due'>;
      const topUpsStarted = onFundingDue ? await onFundingDue([payload.accountId]) : 0;
      await markOutboxDone(db, dedupeKey);
      return { topUpsStarted };
    }
    throw new UnrecoverableError(`the alert-check queue has no job "${job.name}"`);
  };
}
