import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { createCreditActivities } from '../../activities/credit';
import type { UamError } from '../../core/errors';
import { createLogger } from '../../core/logger';
import { createDb, type Db } from '../../db/connection';
import { setEnterpriseCredit } from '../../db/ledger/operations';
import type { Principal, Role } from '../../domain/principal';
import type { CreditDeps } from '../../services/credit';
import { installTemporalRuntime } from '../../workers/temporal-runtime';
import { bundleWorkflows, createTemporalWorker, type TemporalWorker } from '../../workers/temporal-worker';
import { createTestEnterprise, createTimeSkippingEnv, freshId, testConfig, type TestEnterprise } from '../support';

/**
 * A time-skipping Temporal server, a worker with the credit activities on a fresh task queue, the test
 * database, and the service deps the API would use.
 */
export interface CreditHarness {
  env: TestWorkflowEnvironment;
  db: Db;
  deps: CreditDeps;
  worker: TemporalWorker | undefined;
  /** Starts a(nother) worker on the task queue, e.g. after a worker process was killed. */
  startWorker(): Promise<TemporalWorker>;
  close(): Promise<void>;
}

/** `worker: false` leaves the task queue unpolled, for a test that brings its own worker process. */
export async function startCreditHarness(options: { worker?: boolean } = {}): Promise<CreditHarness> {
  const config = testConfig();
  // Before the first connection: Temporal's logs go to pino at the test log level (silent unless LOG_LEVEL).
  installTemporalRuntime(config, createLogger(config));
  const env = await createTimeSkippingEnv();
  const db = createDb({ databaseUrl: inject('databaseUrl'), databasePoolMax: 8 });
  const taskQueue = freshId('credit');
  const workers: TemporalWorker[] = [];
  const startWorker = async () => {
    const worker = await createTemporalWorker({
      config, activities: createCreditActivities({ db }), connection: env.nativeConnection, taskQueue,
      workflowBundle: await bundleWorkflows(),
    });
    void worker.run();
    workers.push(worker);
    return worker;
  };
  const worker = options.worker === false ? undefined : await startWorker();
  return {
    env, db, worker, startWorker,
    deps: { db, temporal: env.client, taskQueue },
    async close() {
      for (const w of workers) await w.stop();
      await env.teardown();
      await db.destroy();
    },
  };
}

/** One harness for the test file: started before its first test, closed after its last. */
export function useCreditHarness(): CreditHarness {
  const harness = {} as CreditHarness;
  beforeAll(async () => {
    Object.assign(harness, await startCreditHarness());
  });
  afterAll(async () => harness.close?.());
  return harness;
}

let nextPrincipalId = 1;

/** An authenticated principal as the API would pass it (no token needed below the API). */
export function principal(role: Role, scope: { enterpriseId?: number; accountId?: number } = {}): Principal {
  const id = nextPrincipalId++;
  return { id, name: `${role} ${id}`, role, enterpriseId: scope.enterpriseId ?? null, accountId: scope.accountId ?? null };
}

export interface OutboxRow {
  topic: string;
  dedupe_key: string;
  payload: Record<string, unknown>;
}

/** The outbox messages about one application or enterprise, oldest first. */
export async function outboxFor(db: Db, filter: { applicationId?: string; enterpriseId?: number }, topic?: string): Promise<OutboxRow[]> {
  const q = db('outbox').select('topic', 'dedupe_key', 'payload').orderBy('id');
  if (filter.applicationId) q.whereRaw(`payload->>'applicationId' = ?`, [filter.applicationId]);
  if (filter.enterpriseId !== undefined) q.whereRaw(`payload->>'enterpriseId' = ?`, [String(filter.enterpriseId)]);
  if (topic) q.where({ topic });
  return q;
}

/** The UamError a call was refused with (the test fails if it was not refused). */
export const refusal = (call: Promise<unknown>): Promise<UamError> =>
  call.then(() => expect.unreachable('should have been refused'), (err: unknown) => err as UamError);

/** Polls until `check` passes (activities run in real time even when the server skips workflow time). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** An enterprise whose total credit limit (public cloud, in fen) was set through the ledger, with its MA account's principal. */
export async function enterpriseWithCredit(db: Db, totalFen: bigint, members = 3): Promise<TestEnterprise & { admin: Principal }> {
  const ent = await createTestEnterprise(db, { members });
  await setEnterpriseCredit(db, {
    key: freshId('test-credit'), enterpriseId: ent.id, publicCloud: totalFen, hybridCloud: 0n, actor: 'test', reason: 'test setup',
  });
  return { ...ent, admin: principal('enterprise_admin', { enterpriseId: ent.id, accountId: ent.ma }) };
}
