import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { register } from 'tsx/esm/api';
import { migrateDatabase } from '../../scripts/provision';
import { freePort } from './free-port';

const run = promisify(execFile);
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A throwaway Postgres cluster of the test's own, migrated: stopped and started at will, never the shared one. */
export interface PrivatePostgres {
  url: string;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops it, waits `downMs`, starts it again. */
  restart(downMs: number, mode?: 'fast' | 'immediate'): Promise<void>;
  destroy(): Promise<void>;
}

/** As root, Postgres refuses to run: its binaries run as the `postgres` user. */
function asPostgres(bin: string, args: string[]) {
  const root = process.getuid?.() === 0;
  return run(root ? 'runuser' : join(BIN, bin), root ? ['-u', 'postgres', '--', join(BIN, bin), ...args] : args, { maxBuffer: 16 << 20 });
}

export async function startPrivatePostgres(database = 'uam'): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'uam-fault-pg-'));
  if (process.getuid?.() === 0) await run('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // fsync off: a test never crashes the machine. Commits stay synchronous: a crash of Postgres itself (an immediate
  // stop) must not lose a transaction it acknowledged, as it would not in production.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const cluster: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: async () => void (await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start'])),
    stop: async (mode = 'fast') => void (await asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'])),
    async restart(downMs, mode = 'fast') {
      await cluster.stop(mode);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await cluster.start();
    },
    async destroy() {
      await cluster.stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  try {
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    // Knex imports the TypeScript migrations natively; inside vitest that needs tsx's loader.
    const unregister = register();
    await migrateDatabase(cluster.url, { report: () => undefined }).finally(() => unregister());
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}
