import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { aptInstall } from './apt';
import { isLocalHost, urlHostPort, waitUntil } from './net';
import { toolsDir, which } from './paths';
import { ProvisionError, type Report, oneLine, printReport } from './report';

const run = promisify(execFile);

/** PING with no retries: answers quickly whether Redis at `url` is usable right now. */
export async function pingRedis(url: string, timeoutMs = 2000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // The 'error' event carries the real cause (ECONNREFUSED…); connect() only says the connection closed.
  let cause: Error | undefined;
  redis.on('error', (err: Error) => (cause ??= err));
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw cause ?? err;
  } finally {
    redis.disconnect();
  }
}

/**
 * Makes sure Redis answers at `redisUrl`: the server that is there, else `redis-server` from PATH
 * (installed with apt-get when root and missing), with an append-only file, data and log under .tools/.
 */
export async function ensureRedis(redisUrl: string, report: Report = printReport, options: { dir?: string } = {}): Promise<void> {
  const { host, port } = urlHostPort(redisUrl, 6379);
  const where = `${host}:${port}`;
  const reachable = () => pingRedis(redisUrl).then(() => true, () => false);
  if (await reachable()) {
    report(`✓ Redis reachable at ${where}`);
    return;
  }
  if (!isLocalHost(host)) throw new ProvisionError(`Redis at ${where} is not reachable; start it or fix REDIS_URL`);
  try {
    if (!which('redis-server')) await aptInstall(['redis-server'], report);
  } catch (err) {
    throw new ProvisionError(`Redis is not running and apt-get could not install redis-server: ${oneLine(err)}`);
  }
  const server = which('redis-server');
  if (!server) throw new ProvisionError(`Redis is not running at ${where} and redis-server is not installed; install Redis or set REDIS_URL`);
  const dir = options.dir ?? join(toolsDir, 'redis');
  mkdirSync(dir, { recursive: true });
  // Append-only file, flushed every second: a restart keeps the queued jobs and the alert scan's schedule.
  const args = [
    '--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', String(port), '--save', '',
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir, '--logfile', join(dir, 'redis.log'),
  ];
  await run(server, args).catch((err: unknown) => {
    throw new ProvisionError(`redis-server did not start on ${where}: ${oneLine(err)}`);
  });
  if (!(await waitUntil(reachable, { timeoutMs: 10_000 }))) {
    throw new ProvisionError(`started redis-server but nothing answers on ${where}; see ${join(dir, 'redis.log')}`);
  }
  report(`✓ started redis-server on ${where} with an append-only file (log ${join(dir, 'redis.log')})`);
}
