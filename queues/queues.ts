import { Queue, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../core/config';
import { BACKOFF_TYPE, UNTIL_DONE } from './retry-policy';

/**
 * Every BullMQ queue uam uses. Add a name here and `createQueues` makes its producer. 'notifications' carries
 * events to turn into messages, 'deliveries' one job per message to send.
 */
export const QUEUE_NAMES = ['smoke', 'alert-check', 'notifications', 'deliveries'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Every job retries until done, with capped exponential backoff (workers/retry-policy.ts): an infrastructure
 * fault is waited out, only a processor's UnrecoverableError ends a job as failed. Finished jobs are trimmed so
 * Redis does not grow without bound; failed ones stay a week for ops to look at and retry.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: UNTIL_DONE,
  backoff: { type: BACKOFF_TYPE },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** An ioredis connection as BullMQ wants it: `maxRetriesPerRequest: null`, so blocking commands wait out a blip. */
export function createRedisConnection(config: Pick<Config, 'redisUrl'>, options: RedisOptions = {}): Redis {
  return new Redis(config.redisUrl, { maxRetriesPerRequest: null, ...options });
}

export type Queues = { readonly [K in QueueName]: Queue } & {
  readonly connection: Redis;
  close(): Promise<void>;
};

/**
 * Producers for every queue, sharing one connection. `config.queuePrefix` namespaces the Redis keys
 * (tests use a fresh prefix each, so they never see each other's jobs). Pass `shared` to reuse a connection
 * that the caller owns and closes.
 */
export function createQueues(config: Pick<Config, 'redisUrl' | 'queuePrefix'>, shared?: Redis): Queues {
  const connection = shared ?? createRedisConnection(config);
  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix: config.queuePrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })]),
  ) as Record<QueueName, Queue>;
  return {
    ...queues,
    connection,
    async close() {
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      // A connection passed in belongs to the caller, who closes it.
      if (!shared) await connection.quit().catch(() => connection.disconnect());
    },
  };
}
