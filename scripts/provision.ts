/**
 * Brings up what uam needs on a developer machine or CI, idempotently: the Temporal CLI, Postgres
 * (with the dev and test databases, migrated), Redis and a Temporal dev server. Used by `npm start`,
 * the vitest global setup and .ci/run. Every step prints one line; a failure is one line too.
 *
 *   uam provision [dev|test]   dev: everything for `npm start`; test: what .ci/run needs before `npm test`
 */
import { join } from 'node:path';
import type { Config } from '../core/config';
import { toolsDir } from './provision/paths';
import { ensurePostgres, migrateDatabase, type PostgresServer } from './provision/postgres';
import { ensureRedis } from './provision/redis';
import { ProvisionError, type Report, oneLine, printReport } from './provision/report';
import { ensureMailCatcher, type MailCatcher } from './provision/mail';
import { ensureTemporal, type TemporalServer } from './provision/temporal';
import { ensureTemporalBinaries } from './provision/temporal-binaries';
import { type AptTool, ensureAptTools } from './provision/apt';

export { ensurePostgres, migrateDatabase, ensureRedis, ensureTemporal, ensureTemporalBinaries, ProvisionError, oneLine };
export type { PostgresServer, TemporalServer, Report };

/** The test database beside the dev one: TEST_DATABASE_URL, else DATABASE_URL with `_test` added to its name. */
export function testDatabaseUrl(config: Pick<Config, 'databaseUrl'>, env = process.env): string {
  if (env.TEST_DATABASE_URL) return env.TEST_DATABASE_URL;
  const url = new URL(config.databaseUrl);
  url.pathname = `/${url.pathname.slice(1) || 'uam'}_test`;
  return url.href;
}

const databaseName = (url: string) => new URL(url).pathname.slice(1);

export interface Provisioned {
  postgres: PostgresServer;
  temporal?: TemporalServer;
  mail?: MailCatcher;
}

/** Everything `npm start` needs; the Temporal dev server keeps its state in .tools/temporal-dev.db. */
export async function provisionDev(config: Config, report: Report = printReport): Promise<Provisioned> {
  const postgres = await ensurePostgres(config.databaseUrl, [databaseName(config.databaseUrl), databaseName(testDatabaseUrl(config))], report);
  await migrateDatabase(config.databaseUrl, { report });
  await ensureRedis(config.redisUrl, report);
  const temporal = await ensureTemporal({
    address: config.temporal.address,
    namespace: config.temporal.namespace,
    uiPort: config.temporal.uiPort,
    dbFile: join(toolsDir, 'temporal-dev.db'),
    logFile: join(toolsDir, 'temporal.log'),
    report,
  });
  const mail = await ensureMailCatcher(config.mail.smtpUrl, report);
  return { postgres, temporal, mail };
}

/** Debian tools the test suite runs: the browser for the console's tests, and the deployment files' checkers. */
export const TEST_TOOLS: AptTool[] = [
  { command: 'chromium', pkg: 'chromium', purpose: "the console's browser tests" },
  { command: 'promtool', pkg: 'prometheus', purpose: 'checks deploy/prometheus rules and their unit tests' },
  { command: 'docker-compose', pkg: 'docker-compose', purpose: 'checks docker-compose.yml' },
  { command: 'Noto CJK fonts', file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', pkg: 'fonts-noto-cjk', purpose: 'Chinese glyphs in the console screenshots' },
];

/** What a test run needs before vitest starts its own Temporal server: binaries, tools, Postgres, Redis. */
export async function provisionTest(config: Config, report: Report = printReport): Promise<Provisioned> {
  await ensureTemporalBinaries(report);
  await ensureAptTools(TEST_TOOLS, report);
  const url = testDatabaseUrl(config);
  const postgres = await ensurePostgres(url, [databaseName(url)], report);
  await migrateDatabase(url, { report });
  await ensureRedis(config.redisUrl, report);
  return { postgres };
}
