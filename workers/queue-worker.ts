import { type Job, Worker, type Processor, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { metrics } from '../core/metrics';
import { contextOf, inSpan, SpanKind, tracingOn } from '../core/tracing';
import type { QueueName } from '../queues/queues';
import { backoffFor } from '../queues/retry-policy';

export interface QueueWorkerDeps {
  config: Pick<Config, 'queuePrefix' | 'retry' | 'queues'>;
  /** A BullMQ-ready connection (createRedisConnection); BullMQ duplicates it for its blocking reads. */
  connection: Redis;
  logger: Logger;
}

/**
 * A BullMQ worker on one of uam's queues with the habits every worker needs: the queue prefix from
 * config, uam's backoff (retry-policy.ts), `error` and `failed` logged (an unhandled 'error' event would crash
 * the process). A job whose worker died is taken back after QUEUE_LOCK_MS (BullMQ's lock and stalled check).
 * With tracing on, each run is a span continuing the trace in the job's `traceparent` (see tracedJobs).
 */
export function createQueueWorker<Data, Result>(
  queue: QueueName,
  processor: Processor<Data, Result>,
  { config, connection, logger }: QueueWorkerDeps,
  options: Partial<WorkerOptions> = {},
): Worker<Data, Result> {
  const log = logger.child({ queue });
  const worker = new Worker<Data, Result>(queue, tracingOn() ? tracedJobs(queue, processor) : processor, {
    connection, prefix: config.queuePrefix, concurrency: 4,
    lockDuration: config.queues.lockMs, stalledInterval: config.queues.lockMs,
    settings: { backoffStrategy: (attemptsMade, _type, err) => backoffFor(config.retry, attemptsMade, err) },
    ...options,
  });
  worker.on('error', (err) => log.error({ err }, 'queue worker error'));
  worker.on('failed', (job, err) => {
    metrics.jobFailures.inc({ queue });
    if (job) observeJob(queue, job, 'failed');
    log.warn({ err, jobId: job?.id, attemptsMade: job?.attemptsMade, attempts: job?.opts.attempts }, 'job failed');
  });
  worker.on('completed', (job) => {
    observeJob(queue, job, 'completed');
    log.debug({ jobId: job.id }, 'job completed');
  });
  return worker;
}

/** One attempt's duration, from when the worker took the job to when it finished (BullMQ's own timestamps). */
function observeJob(queue: QueueName, job: Job, result: 'completed' | 'failed'): void {
  if (job.processedOn && job.finishedOn) metrics.jobDuration.observe({ queue, result }, (job.finishedOn - job.processedOn) / 1000);
}

/** Each run of a job as a consumer span, a child of the span that queued it when its data carries a traceparent. */
function tracedJobs<Data, Result>(queue: QueueName, processor: Processor<Data, Result>): Processor<Data, Result> {
  return (job, token, signal) => inSpan(`queue ${queue} ${job.name}`, {
    kind: SpanKind.CONSUMER,
    parent: contextOf((job.data ?? {}) as Record<string, unknown>),
    attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': queue, 'messaging.message.id': job.id ?? '', 'uam.job.attempt': job.attemptsMade + 1 },
  }, () => processor(job, token, signal));
}
