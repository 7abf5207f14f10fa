import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { waitUntil } from '../../scripts/provision/net';
import { pingRedis } from '../../scripts/provision/redis';
import { freePort } from './free-port';

/** A redis-server of the test's own, on a free port, data in a temp dir: restarted and stopped at will. */
export interface PrivateRedis {
  url: string;
  /** Stops it at once: without persistence everything it held is gone. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** kill() then start(): what a crash of a Redis without persistence looks like. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** `persistence`: none (the old provisioning's `--save "" --appendonly no`), or an append-only file. */
export async function startPrivateRedis(options: { persistence: 'none' | 'aof' } = { persistence: 'none' }): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'uam-fault-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', options.persistence === 'aof' ? 'yes' : 'no', '--logfile', join(dir, 'redis.log')];
  let proc: ChildProcess | undefined;
  const redis: PrivateRedis = {
    url,
    async start() {
      proc = spawn('redis-server', args, { stdio: 'ignore' });
      if (!(await waitUntil(() => pingRedis(url).then(() => true), { timeoutMs: 10_000, intervalMs: 50 }))) throw new Error(`redis-server did not start on ${port}`);
    },
    async kill() {
      const running = proc;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    async restart() {
      await redis.kill();
      await redis.start();
    },
    async stop() {
      await redis.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}

/** How many keys the Redis at `url` holds (0 right after a restart without persistence). */
export async function keyCount(url: string): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await client.dbsize();
  } finally {
    client.disconnect();
  }
}
