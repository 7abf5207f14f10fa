import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../core/config';
import { QUEUE_NAMES, type QueueName } from './queues';

export interface QueueHealth {
  name: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  paused: number;
  /** Workers connected to the queue right now (0 means nothing is consuming it). */
  workers: number;
}

export interface QueuesHealth {
  /** Redis answered and every queue could be read. */
  ok: boolean;
  queues: QueueHealth[];
  error?: string;
}

/**
 * Job counts per queue, for `uam doctor` and ops: a growing `waiting` with 0 workers, or any `failed`, is
 * worth a look (failed jobs are kept a week, see DEFAULT_JOB_OPTIONS). Gives up after a few seconds
 * instead of waiting for an unreachable Redis.
 */
export async function queueHealth(config: Pick<Config, 'redisUrl' | 'queuePrefix'>, timeoutMs = 3000): Promise<QueuesHealth> {
  const connection = new Redis(config.redisUrl, { connectTimeout: timeoutMs, maxRetriesPerRequest: 1, retryStrategy: () => null });
  const ignore = () => undefined; // failures are reported through the commands below
  connection.on('error', ignore);
  const queues = QUEUE_NAMES.map((name) => new Queue(name, { connection, prefix: config.queuePrefix }).on('error', ignore));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const counting = Promise.all(
      queues.map(async (queue): Promise<QueueHealth> => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'paused');
        return {
          name: queue.name as QueueName,
          waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0, completed: counts.completed ?? 0, paused: counts.paused ?? 0,
          workers: await queue.getWorkersCount(),
        };
      }),
    );
    return { ok: true, queues: await Promise.race([counting, timeout]) };
  } catch (err) {
    return { ok: false, queues: [], error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
    await Promise.all(queues.map((queue) => queue.close().catch(() => undefined)));
    connection.disconnect();
  }
}
