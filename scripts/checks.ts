import type { Config } from '../core/config';
import { createDb } from '../db/connection';
import { pendingMigrations } from '../db/migrate';
import { parseHostPort } from './provision/net';
import { pingRedis } from './provision/redis';
import { oneLine } from './provision/report';
import { describeTemporal } from './provision/temporal';

/** What is wrong, as a code the console words for itself (the detail is the process's own English). */
export type CheckProblem = 'unreachable' | 'database_missing' | 'pending_migrations';

/** One dependency's health, as `uam doctor` prints it, `uam start` refuses on and ops see in the console. */
export interface CheckResult {
  component: 'Postgres' | 'Migrations' | 'Redis' | 'Temporal';
  address: string;
  ok: boolean;
  /** "OK …" or what is wrong. */
  detail: string;
  problem?: CheckProblem;
  /** The migrations not yet applied (the Migrations check). */
  pending?: string[];
  hint?: string;
}

/** Host, port and database, never the password. */
function safeDatabaseAddress(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** Postgres answers; with `migrations`, a second check: none is pending (skipped when Postgres does not answer). */
export async function checkPostgres(config: Pick<Config, 'databaseUrl'>, { migrations = true } = {}): Promise<CheckResult[]> {
  const address = safeDatabaseAddress(config.databaseUrl);
  const db = createDb({ databaseUrl: config.databaseUrl, databasePoolMax: 1 }, { acquireConnectionTimeout: 3000 });
  try {
    await db.raw('select 1');
    const up: CheckResult = { component: 'Postgres', address, ok: true, detail: 'OK' };
    if (!migrations) return [up];
    const pending = await pendingMigrations(db);
    return [up, pending.length
      ? { component: 'Migrations', address, ok: false, problem: 'pending_migrations', pending, detail: `${pending.length} pending migration(s): ${pending.join(', ')}`, hint: 'npm run migrate' }
      : { component: 'Migrations', address, ok: true, pending, detail: 'OK, up to date' }];
  } catch (err) {
    const missingDb = /database ".*" does not exist/.test(oneLine(err));
    return [{
      component: 'Postgres', address, ok: false, detail: `not reachable: ${oneLine(err)}`, problem: missingDb ? 'database_missing' : 'unreachable',
      hint: missingDb ? 'npm start (creates and migrates it) or tsx scripts/provision.ts' : 'start Postgres (pg_ctlcluster … start) or fix DATABASE_URL',
    }];
  } finally {
    await db.destroy();
  }
}

export async function checkRedis(config: Pick<Config, 'redisUrl'>): Promise<CheckResult> {
  const url = new URL(config.redisUrl);
  const address = `${url.hostname}:${url.port || 6379}`;
  try {
    await pingRedis(config.redisUrl);
    return { component: 'Redis', address, ok: true, detail: 'OK (PING)' };
  } catch (err) {
    return { component: 'Redis', address, ok: false, problem: 'unreachable', detail: `not reachable: ${oneLine(err)}`, hint: 'start redis-server (or: uam start --provision, npm start) or fix REDIS_URL' };
  }
}

export async function checkTemporal(config: Pick<Config, 'temporal'>): Promise<CheckResult> {
  const { address, namespace } = config.temporal;
  try {
    await describeTemporal(address, namespace);
    return { component: 'Temporal', address, ok: true, detail: `OK, namespace "${namespace}"` };
  } catch (err) {
    const { host } = parseHostPort(address);
    return {
      component: 'Temporal', address, ok: false, problem: 'unreachable', detail: `not reachable: ${oneLine(err)}`,
      hint: `npm start (runs temporal server start-dev) or temporal server start-dev --ip ${host}; or fix TEMPORAL_ADDRESS`,
    };
  }
}

export async function runChecks(config: Config, options: { migrations?: boolean } = {}): Promise<CheckResult[]> {
  const [postgres, redis, temporal] = await Promise.all([checkPostgres(config, options), checkRedis(config), checkTemporal(config)]);
  return [...postgres, redis, temporal];
}

/** The one line both `uam doctor` and `uam start` print for a failed check. */
export function problemLine(result: CheckResult): string {
  return `${result.component} at ${result.address}: ${result.detail}${result.hint ? ` — fix: ${result.hint}` : ''}`;
}
