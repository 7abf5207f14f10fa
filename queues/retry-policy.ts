import type { Config } from '../core/config';

export type RetryPolicy = Config['retry'];

/** The BullMQ backoff type of every uam job: capped exponential (see retryDelay), computed by the worker. */
export const BACKOFF_TYPE = 'uam-capped';

/**
 * Attempts of a job: no count, only time. A job keeps trying until its work is done or refused for good (a
 * message gives up at its own deadline, DELIVERY_GIVE_UP_AFTER_MS); an outage of any length is waited out.
 */
export const UNTIL_DONE = 2 ** 31 - 1;

/**
 * How long to wait after `attemptsMade` failed attempts: `backoffMs` doubling each time, capped at
 * `maxBackoffMs`, less up to a fifth at random so that the messages held up by one outage do not all come back
 * in the same second.
 */
export function retryDelay(policy: Pick<RetryPolicy, 'backoffMs' | 'maxBackoffMs'>, attemptsMade: number, random = Math.random): number {
  const exponent = Math.min(Math.max(attemptsMade, 1) - 1, 40);
  const full = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** exponent);
  return Math.round(full * (1 - 0.2 * random()));
}

/**
 * Thrown by a processor that knows when its job can next make progress (a message another worker holds until
 * its lease ends, a retry already scheduled in Postgres): the job waits exactly until then.
 */
export class RetryAt extends Error {
  override readonly name = 'RetryAt';

  constructor(
    message: string,
    readonly at: Date,
  ) {
    super(message);
  }
}

/** The delay BullMQ waits before the next attempt of a job that failed with `err`. */
export function backoffFor(policy: RetryPolicy, attemptsMade: number, err?: Error): number {
  if (err instanceof RetryAt) return Math.max(0, err.at.getTime() - Date.now());
  return retryDelay(policy, attemptsMade);
}
