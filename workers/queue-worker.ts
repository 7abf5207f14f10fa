import { Worker, type Processor, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { QueueName } from './queues';

export interface QueueWorkerDeps {
  config: Pick<Config, 'queuePrefix'>;
  /** A BullMQ-ready connection (createRedisConnection); BullMQ duplicates it for its blocking reads. */
  connection: Redis;
  logger: Logger;
}

/**
 * A BullMQ worker on one of uam's queues with the habits every worker needs: the queue prefix from
 * config, `error` and `failed` logged (an unhandled 'error' event would crash the process).
 */
export function createQueueWorker<Data, Result>(
  queue: QueueName,
  processor: Processor<Data, Result>,
  { config, connection, logger }: QueueWorkerDeps,
  options: Partial<WorkerOptions> = {},
): Worker<Data, Result> {
  const log = logger.child({ queue });
  const worker = new Worker<Data, Result>(queue, processor, { connection, prefix: config.queuePrefix, concurrency: 4, ...options });
  worker.on('error', (err) => log.error({ err }, 'queue worker error'));
  worker.on('failed', (job, err) =>
    log.warn({ err, jobId: job?.id, attemptsMade: job?.attemptsMade, attempts: job?.opts.attempts }, 'job failed'),
  );
  worker.on('completed', (job) => log.debug({ jobId: job.id }, 'job completed'));
  return worker;
}
