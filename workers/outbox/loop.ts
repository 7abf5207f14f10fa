import pg from 'pg';
import type { Knex } from 'knex';
import type { Logger } from '../../core/logger';
import { relayBatch } from './relay';
import type { EventQueues } from './routing';

export interface RelayLoopOptions {
  db: Knex;
  queues: EventQueues;
  logger: Logger;
  /** LISTENs here for the outbox trigger's NOTIFY; without it the loop only polls. */
  databaseUrl?: string;
  batchSize?: number;
  /** Poll interval when no NOTIFY arrives (a NOTIFY is only a hint: a lost one costs at most this long). */
  pollMs?: number;
}

export interface RelayLoop {
  /** Settles when the loop ended after stop(). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** The outbox relay's main loop: relay while there is work, then sleep until a NOTIFY or the next poll. */
export async function startRelayLoop(options: RelayLoopOptions): Promise<RelayLoop> {
  const { db, queues, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollMs ?? 1000;
  let stopped = false;
  let wake: () => void = () => {};
  // Set by a NOTIFY that arrives while a batch is running, so the loop goes round again instead of sleeping.
  let signalled = false;
  const signal = () => ((signalled = true), wake());
  let failures = 0;

  const listener = options.databaseUrl ? new pg.Client({ connectionString: options.databaseUrl }) : null;
  if (listener) {
    listener.on('notification', signal);
    // Losing the listener only costs latency: the loop keeps polling.
    listener.on('error', (err) => logger.warn({ err }, 'outbox LISTEN connection lost; polling only'));
    await listener.connect();
    await listener.query('LISTEN uam_outbox');
  }

  /** Sleeps `ms`, or less: until stop(), and until a NOTIFY too when `untilSignal` (not while backing off). */
  const sleep = (ms: number, untilSignal: boolean) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      const end = () => (clearTimeout(timer), resolve());
      wake = () => (stopped || untilSignal ? end() : undefined);
      if (stopped || (untilSignal && signalled)) end();
    });

  const run = async (): Promise<void> => {
    while (!stopped) {
      signalled = false;
      try {
        const moved = await relayBatch(db, queues, batchSize);
        failures = 0;
        if (moved > 0) logger.debug({ moved }, 'outbox relayed');
        if (moved === batchSize) continue;
        await sleep(pollMs, true);
      } catch (err) {
        failures++;
        logger.error({ err, failures }, 'outbox relay failed; retrying');
        await sleep(Math.min(30_000, pollMs * 2 ** Math.min(failures, 5)), false);
      }
    }
  };
  const done = run();

  return {
    done,
    async stop() {
      stopped = true;
      signal();
      await done;
      await listener?.end().catch(() => undefined);
    },
  };
}
