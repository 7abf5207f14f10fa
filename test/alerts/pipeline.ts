import type { Config } from '../../core/config';
import { createLogger } from '../../core/logger';
import type { Db } from '../../db/connection';
import type { Principal } from '../../domain/principal';
import type { FundingDueHook } from '../../workers/alert-processor';
import { startAlertWorker } from '../../workers/alert-worker';
import { startNotifier } from '../../workers/notifier';
import { startOutboxRelay } from '../../workers/outbox-relay';
import { createQueues, type Queues } from '../../queues/queues';
import type { ProcessContext } from '../../workers/context';

export interface Pipeline {
  queues: Queues;
  close(): Promise<void>;
}

/**
 * The alert and notification processes as production runs them (relay, alert worker with its scan
 * schedule, notifier), in this test process, on the test's own queue prefix.
 */
export async function startPipeline(
  db: Db,
  config: Config,
  parts: { relay?: boolean; alerts?: boolean; notifier?: boolean; onFundingDue?: FundingDueHook } = {},
): Promise<Pipeline> {
  const closers: Array<() => Promise<unknown>> = [];
  const ctx: ProcessContext = { config, logger: createLogger(config, 'test'), onClose: (_name, close) => closers.push(close) };
  const queues = createQueues(config);
  closers.push(() => queues.close());
  if (parts.relay ?? true) await startOutboxRelay(ctx, { db, queues });
  if (parts.alerts ?? true) await startAlertWorker(ctx, { db, queues }, parts.onFundingDue);
  if (parts.notifier ?? true) startNotifier(ctx, { db, queues });
  return {
    queues,
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}

export const adminOf = (enterpriseId: number, maAccountId: number): Principal => ({
  id: 1, name: 'Ada Admin', role: 'enterprise_admin', enterpriseId, accountId: maAccountId,
});

export const memberOf = (enterpriseId: number, accountId: number): Principal => ({
  id: 2, name: 'Mo Member', role: 'member', enterpriseId, accountId,
});
