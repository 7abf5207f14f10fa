import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { createDb } from '../../db/connection';
import { migrateLatest } from '../../db/migrate';
import { startEmbeddedPostgres } from './embedded-postgres';
import { canConnect, isLocalHost, urlHostPort, waitUntil } from './net';
import { which } from './paths';
import { ProvisionError, type Report, oneLine, printReport } from './report';

const run = promisify(execFile);

export interface PostgresServer {
  /** Stops a server this process started in-process (embedded fallback); a no-op otherwise. */
  stop(): Promise<void>;
}

/** A local Debian cluster (pg_lsclusters) listening on `port`, started with pg_ctlcluster. */
async function startLocalCluster(port: number): Promise<string | undefined> {
  if (!which('pg_lsclusters') || !which('pg_ctlcluster')) return undefined;
  const { stdout } = await run('pg_lsclusters', ['--no-header']);
  const cluster = stdout.split('\n').map((line) => line.trim().split(/\s+/)).find((cols) => Number(cols[2]) === port);
  if (!cluster?.[0] || !cluster[1]) return undefined;
  const [version, name] = cluster;
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start']).catch((err: unknown) => {
    // "already running" is fine: the port check below decides.
    if (!/already running/.test(String((err as { stderr?: string }).stderr))) throw err;
  });
  return `${version}/${name}`;
}

/**
 * Makes sure Postgres answers at `databaseUrl`'s host and that every database in `databases` exists:
 * the server that is there, else the local Debian cluster, else embedded-postgres under .tools/pg.
 */
export async function ensurePostgres(databaseUrl: string, databases: string[], report: Report = printReport): Promise<PostgresServer> {
  const target = urlHostPort(databaseUrl, 5432);
  const where = `${target.host}:${target.port}`;
  let server: PostgresServer = { stop: async () => undefined };
  if (await canConnect(target)) {
    report(`✓ Postgres reachable at ${where}`);
  } else if (!isLocalHost(target.host)) {
    throw new ProvisionError(`Postgres at ${where} is not reachable; start it or fix DATABASE_URL`);
  } else {
    const cluster = await startLocalCluster(target.port).catch((err: unknown) => {
      throw new ProvisionError(`could not start the local Postgres cluster: ${oneLine(err)}`);
    });
    if (cluster) {
      if (!(await waitUntil(() => canConnect(target), { timeoutMs: 30_000 }))) {
        throw new ProvisionError(`started Postgres cluster ${cluster} but nothing answers on ${where}; see /var/log/postgresql`);
      }
      report(`✓ started Postgres cluster ${cluster} on ${where}`);
    } else {
      server = await startEmbeddedPostgres(databaseUrl, report);
    }
  }
  await createMissingDatabases(databaseUrl, databases, report);
  return server;
}

async function createMissingDatabases(databaseUrl: string, databases: string[], report: Report): Promise<void> {
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.href, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const created: string[] = [];
    for (const name of databases) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) continue;
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      created.push(name);
    }
    report(created.length ? `✓ created database ${created.join(', ')}` : `✓ databases ${databases.join(', ')} exist`);
  } catch (err) {
    throw new ProvisionError(`could not prepare databases on ${maintenance.host}: ${oneLine(err)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs pending migrations; `fresh` first drops and recreates the public schema (tests only). */
export async function migrateDatabase(databaseUrl: string, { fresh = false, report = printReport }: { fresh?: boolean; report?: Report } = {}): Promise<void> {
  const db = createDb({ databaseUrl, databasePoolMax: 1 });
  const name = new URL(databaseUrl).pathname.slice(1);
  try {
    if (fresh) await db.raw('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
    const applied = await migrateLatest(db);
    report(`✓ ${fresh ? 'recreated and migrated' : 'migrated'} ${name}${applied.length ? ` (${applied.length} applied)` : ' (up to date)'}`);
  } catch (err) {
    throw new ProvisionError(`could not migrate ${name}: ${oneLine(err)}`);
  } finally {
    await db.destroy();
  }
}
