import { Redis } from 'ioredis';

export interface RedisPersistence {
  /** Append-only file on: every write is on disk within a second. */
  aof: boolean;
  /** RDB snapshot rules ("3600 1 300 100 …"), empty when none; null when CONFIG is not allowed (managed Redis). */
  save: string | null;
  /** What to tell ops, when the Redis in use may lose queued work on a restart. */
  warning: string | null;
}

const REDRIVE = 'uam re-drives lost work from Postgres within REDRIVE_AFTER_MS, but start Redis with --appendonly yes';

/** Reads how the Redis at `url` keeps its data (INFO persistence, CONFIG GET save), for `uam doctor`. */
export async function redisPersistence(url: string, timeoutMs = 3000): Promise<RedisPersistence> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined); // reported through the commands below
  try {
    await redis.connect();
    const info = await redis.info('persistence');
    const aof = /^aof_enabled:1\r?$/m.test(info);
    const save = await redis.config('GET', 'save').then((reply) => String((reply as string[])[1] ?? ''), () => null);
    const warning = aof
      ? null
      : save === ''
        ? `Redis keeps nothing on disk (appendonly no, no snapshots): a restart loses queued jobs and the alert scan's schedule; ${REDRIVE}`
        : `Redis keeps only snapshots${save ? ` (save ${save})` : ''}: a restart loses the jobs queued since the last one; ${REDRIVE}`;
    return { aof, save, warning };
  } finally {
    redis.disconnect();
  }
}
