import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../core/config';
import { createDb, type Db } from '../../db/connection';
import { startTestSmtp, type TestSmtp } from '../../test/alerts/smtp';
import { startPrivatePostgres, type PrivatePostgres } from '../../test/faults/private-postgres';
import { startPrivateRedis, type PrivateRedis } from '../../test/faults/private-redis';
import { ensureTemporal, type TemporalServer } from '../provision';
import { repoRoot } from '../provision/paths';

/**
 * Everything the chaos run breaks, its own: a Postgres cluster, a Redis without persistence, an SMTP server in
 * this process, the Temporal dev server at TEMPORAL_ADDRESS (started if missing), and two uam worker processes —
 * never the shared Postgres and Redis.
 */
export interface World {
  pg: PrivatePostgres;
  redis: PrivateRedis;
  smtp: TestSmtp;
  temporal: Client;
  taskQueue: string;
  db: Db;
  /** Settings the workers run with (printed by the report). */
  env: Record<string, string>;
  workers: Worker[];
  logDir: string;
  close(): Promise<void>;
}

export interface Worker {
  name: string;
  /** SIGKILL: no clean-up, whatever it was doing. */
  kill(): void;
  start(): void;
  alive(): boolean;
}

/** Production settings except what makes minutes out of hours (backoff cap, lease, re-drive delay). */
const SHORTENED = {
  RETRY_BACKOFF_MAX_MS: '20000', DELIVERY_LEASE_MS: '30000', QUEUE_LOCK_MS: '10000', REDRIVE_AFTER_MS: '30000', REDRIVE_INTERVAL_MS: '10000',
};

export async function buildWorld(say: (line: string) => void): Promise<World> {
  const logDir = mkdtempSync(join(tmpdir(), 'uam-chaos-'));
  const config = loadConfig();
  const pg = await startPrivatePostgres('uam_chaos');
  const redis = await startPrivateRedis({ persistence: 'none' });
  const smtp = await startTestSmtp();
  const server: TemporalServer = await ensureTemporal({ address: config.temporal.address, uiPort: null, dbFile: join(logDir, 'temporal.db'), report: say });
  const connection = await Connection.connect({ address: server.address });
  const taskQueue = `uam-chaos-${Date.now().toString(36)}`;
  const env = {
    ...SHORTENED, DATABASE_URL: pg.url, REDIS_URL: redis.url, SMTP_URL: smtp.url, TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: taskQueue, QUEUE_PREFIX: taskQueue, LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '10',
  };
  const workers = ['worker-1', 'worker-2'].map((name) => workerProcess(name, env, logDir));
  workers.forEach((w) => w.start());
  const quiet = () => undefined;
  const db = createDb({ databaseUrl: pg.url, databasePoolMax: 10 }, { log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet } });
  say(`✓ private Postgres ${pg.url}, Redis ${redis.url} (no persistence), SMTP ${smtp.url}, Temporal ${server.address}, 2 workers; logs in ${logDir}`);
  return {
    pg, redis, smtp, temporal: new Client({ connection, namespace: config.temporal.namespace }), taskQueue, db, env, workers, logDir,
    async close() {
      workers.forEach((w) => w.kill());
      await db.destroy();
      await connection.close();
      await smtp.stop();
      await redis.stop();
      await pg.destroy();
      if (server.pid !== undefined) await server.stop();
      rmSync(join(logDir, 'temporal.db'), { force: true });
    },
  };
}

/** `uam worker` (the Temporal worker and every queue worker) as a child process, logging to a file. */
function workerProcess(name: string, env: Record<string, string>, logDir: string): Worker {
  let proc: ChildProcess | undefined;
  const alive = () => proc !== undefined && proc.exitCode === null && proc.signalCode === null;
  return {
    name,
    alive,
    start() {
      const log = openSync(join(logDir, `${name}.log`), 'a');
      proc = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'cli/uam.ts'), 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
    },
    kill() {
      if (alive()) proc!.kill('SIGKILL');
    },
  };
}
