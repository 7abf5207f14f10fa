import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActivities } from '../activities';
import { createLogger } from '../core/logger';
import { createDb } from '../db/connection';
import { createQueues, createRedisConnection } from '../queues/queues';
import { createSmokeWorker } from '../workers/smoke-worker';
import { bundleWorkflows, createTemporalWorker } from '../workers/temporal-worker';
import { smokeWorkflow } from '../workflows/smoke';
import { Stage } from '../workflows/search-attributes';
import { createTimeSkippingEnv, freshId, testConfig } from './support';

// One set of services for the file; every test still uses its own run id.
const config = testConfig();
const logger = createLogger(config, 'smoke-test');
const db = createDb(config);
const queues = createQueues(config);
const workerConnection = createRedisConnection(config);
const smokeWorker = createSmokeWorker({ config, db, logger, connection: workerConnection });
const activities = createActivities({ config, db, queues, logger });

afterAll(async () => {
  await smokeWorker.close();
  await queues.close();
  await workerConnection.quit();
  await db.destroy();
});

const runRow = (id: string) => db('smoke_runs').where({ id }).first<{ status: string; done_at: Date | null } | undefined>();

describe('smoke path: workflow → activity → Postgres + BullMQ → queue worker', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: config.temporal.address });
  });
  afterAll(async () => connection.close());

  it('runs on the real Temporal dev server and the row ends done', async () => {
    const runId = freshId('smoke');
    const temporal = await createTemporalWorker({ config, logger, activities, workflowBundle: await bundleWorkflows() });
    const client = new Client({ connection, namespace: config.temporal.namespace });

    const result = await temporal.worker.runUntil(
      client.workflow.execute(smokeWorkflow, { taskQueue: config.temporal.taskQueue, workflowId: `smoke-${runId}`, args: [{ runId }] }),
    );
    await temporal.connection.close();

    expect(result).toBe(runId);
    await vi.waitFor(async () => expect(await runRow(runId)).toMatchObject({ status: 'done' }), { timeout: 10_000, interval: 100 });
    const description = await client.workflow.getHandle(`smoke-${runId}`).describe();
    expect(description.typedSearchAttributes.get(Stage)).toBe('recorded');
  });

  it('a second start with the same business id is refused by Temporal', async () => {
    const runId = freshId('smoke');
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const options = { taskQueue: freshId('idle'), workflowId: `smoke-${runId}`, args: [{ runId }] as [{ runId: string }] };
    const handle = await client.workflow.start(smokeWorkflow, options);
    await expect(client.workflow.start(smokeWorkflow, options)).rejects.toThrow(/already started/i);
    await handle.terminate('test done');
  });
});

describe('time-skipping test server', () => {
  it('skips a 30-day durable timer', async () => {
    const env = await createTimeSkippingEnv();
    try {
      const runId = freshId('smoke-skip');
      const taskQueue = freshId('skip');
      const temporal = await createTemporalWorker({ config, activities, taskQueue, connection: env.nativeConnection, workflowBundle: await bundleWorkflows() });
      const started = Date.now();
      const result = await temporal.worker.runUntil(
        env.client.workflow.execute(smokeWorkflow, { taskQueue, workflowId: `smoke-${runId}`, args: [{ runId, waitMs: 30 * 24 * 3600_000 }] }),
      );
      expect(result).toBe(runId);
      expect(Date.now() - started).toBeLessThan(30_000);
      await vi.waitFor(async () => expect(await runRow(runId)).toMatchObject({ status: 'done' }), { timeout: 10_000, interval: 100 });
    } finally {
      await env.teardown();
    }
  });
});
