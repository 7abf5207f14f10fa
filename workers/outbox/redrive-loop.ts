import type { Knex } from 'knex';
import type { Logger } from '../../core/logger';
import type { Queues } from '../../queues/queues';
import { redrivePass } from './redrive';

export interface RedriveLoop {
  /** Runs a pass now (tests, and ops through `uam notifications retry`). */
  runOnce(): ReturnType<typeof redrivePass>;
  stop(): Promise<void>;
}

/**
 * Runs the re-drive every `intervalMs`: whatever Redis lost (a restart without persistence, a flush, a job that
 * ended without finishing its work) is queued again from Postgres within about `overdueMs + intervalMs`.
 */
export function startRedriveLoop(deps: { db: Knex; queues: Queues; logger: Logger; intervalMs: number; overdueMs: number }): RedriveLoop {
  const { db, queues, logger } = deps;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runOnce = async () => {
    const result = await redrivePass(db, queues, { overdueMs: deps.overdueMs });
    if (result.events + result.deliveries > 0) logger.warn(result, 're-queued work that Redis no longer held');
    return result;
  };
  const tick = () => {
    running = runOnce()
      .catch((err: unknown) => logger.error({ err }, 're-drive pass failed; next pass in a moment'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, deps.intervalMs);
      });
  };
  timer = setTimeout(tick, deps.intervalMs);
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
