import type { Knex } from 'knex';
import type { Logger } from '../../core/logger';
import { relayBatch } from './relay';
import type { EventQueues } from '../../queues/events';

export interface RelayLoopOptions {
  db: Knex;
  queues: EventQueues;
  logger: Logger;
  batchSize?: number;
  /** Pause between polls when the outbox is empty (an idle poll is one index probe). */
  pollMs?: number;
}

export interface RelayLoop {
  /** Settles when the loop ended after stop(). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The outbox relay's main loop: relay while there is work, then sleep until the next poll. No LISTEN/NOTIFY:
 * a NOTIFY would serialize every ledger commit (see migration 20261126001600_outbox_poll).
 */
export async function startRelayLoop(options: RelayLoopOptions): Promise<RelayLoop> {
  const { db, queues, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollMs ?? 25;
  let stopped = false;
  let wake: () => void = () => {};
  let failures = 0;

  /** Sleeps `ms`, or less: until stop(). */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => (clearTimeout(timer), resolve());
      if (stopped) wake();
    });

  const run = async (): Promise<void> => {
    while (!stopped) {
      try {
        const moved = await relayBatch(db, queues, batchSize);
        failures = 0;
        if (moved > 0) logger.debug({ moved }, 'outbox relayed');
        if (moved === batchSize) continue;
        await sleep(pollMs);
      } catch (err) {
        failures++;
        logger.error({ err, failures }, 'outbox relay failed; retrying');
        await sleep(Math.min(30_000, Math.max(pollMs, 200) * 2 ** Math.min(failures, 5)));
      }
    }
  };
  const done = run();

  return {
    done,
    async stop() {
      stopped = true;
      wake();
      await done;
    },
  };
}
