/**
 * Runs once before all test files: the Debian tools the tests use (chromium, promtool, docker-compose), Postgres
 * with a freshly migrated test database, Redis, and a throwaway headless Temporal dev server on its own port
 * (never the one `npm start` uses). Tests read the addresses
 * with `inject('databaseUrl')` etc. (see test/support/config.ts) or from process.env.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../core/config';
import {
  ProvisionError, TEST_TOOLS, ensurePostgres, ensureRedis, ensureTemporal, ensureTemporalBinaries, migrateDatabase, oneLine, testDatabaseUrl,
} from '../scripts/provision';
import { ensureAptTools } from '../scripts/provision/apt';
import { toolsDir } from '../scripts/provision/paths';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    temporalAddress: string;
    temporalNamespace: string;
    /** `temporal-test-server` binary for TestWorkflowEnvironment.createTimeSkipping (existing-path). */
    temporalTestServerPath: string;
  }
}

/** TEST_TEMPORAL_ADDRESS overrides; the default keeps clear of a running `npm start` (7233). */
const TEST_TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS ?? '127.0.0.1:7299';

const report = (line: string) => console.log(`[setup] ${line}`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Knex loads the TypeScript migrations with a native import(); vitest's own loader does not cover that.
  const unregister = register();
  const config = loadConfig();
  const databaseUrl = testDatabaseUrl(config);
  const temporalDir = mkdtempSync(join(tmpdir(), 'uam-test-temporal-'));
  try {
    const { testServer } = await ensureTemporalBinaries(report);
    // The browser the console's tests drive and the deployment files' checkers (Debian packages, installed if missing).
    await ensureAptTools(TEST_TOOLS, report);
    const postgres = await ensurePostgres(databaseUrl, [new URL(databaseUrl).pathname.slice(1)], report);
    await migrateDatabase(databaseUrl, { fresh: true, report });
    await ensureRedis(config.redisUrl, report);
    const temporal = await ensureTemporal({
      address: TEST_TEMPORAL_ADDRESS,
      namespace: config.temporal.namespace,
      uiPort: null,
      dbFile: join(temporalDir, 'temporal.db'),
      logFile: join(toolsDir, 'temporal-test.log'),
      report,
    });

    const provided = {
      databaseUrl, redisUrl: config.redisUrl, temporalAddress: temporal.address,
      temporalNamespace: config.temporal.namespace, temporalTestServerPath: testServer,
    };
    for (const [key, value] of Object.entries(provided)) project.provide(key as keyof typeof provided, value);
    // Test processes inherit these, so plain loadConfig() in a test also points at the test services.
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl, REDIS_URL: config.redisUrl, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TEST_SERVER_PATH: testServer,
    });

    return async () => {
      await unregister();
      await temporal.stop();
      await postgres.stop();
      rmSync(temporalDir, { recursive: true, force: true });
    };
  } catch (err) {
    rmSync(temporalDir, { recursive: true, force: true });
    // One readable line instead of a stack trace for the expected failures (a service that will not start).
    if (err instanceof ProvisionError) throw new Error(`test setup: ${oneLine(err)}`);
    throw err;
  }
}
