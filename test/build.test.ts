import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { repoFile, repoRoot } from '../core/files';
import { createDb } from '../db/connection';
import { smokeWorkflow } from '../workflows/smoke';
import { freePort } from '../bench/api-server';
import { freshId, testConfig } from './support';
import { startOtlpReceiver } from './ops/otlp-receiver';

const run = promisify(execFile);
const config = testConfig();
const env = {
  ...process.env, DATABASE_URL: config.databaseUrl, REDIS_URL: config.redisUrl, TEMPORAL_ADDRESS: config.temporal.address,
  TEMPORAL_TASK_QUEUE: config.temporal.taskQueue, QUEUE_PREFIX: config.queuePrefix, LOG_LEVEL: 'silent', NODE_ENV: 'test',
};
const children: ChildProcess[] = [];
const db = createDb(config);

/** `node bin/uam.js …` — the installed binary, which runs the build when there is one. */
const uam = (...args: string[]) => run(process.execPath, [repoFile('bin', 'uam.js'), ...args], { cwd: repoRoot, env });

function spawnUam(args: string[], extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [repoFile('bin', 'uam.js'), ...args], { cwd: repoRoot, env: { ...env, ...extraEnv }, stdio: 'ignore' });
  children.push(child);
  return child;
}

beforeAll(async () => {
  await run(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot });
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map((child) => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(undefined);
    child.once('exit', resolve);
    child.kill('SIGTERM');
  })));
  await db.destroy();
});

describe('the compiled build (npm run build)', () => {
  it('uam --help answers from dist/ with every command', async () => {
    const { stdout } = await uam('--help');
    for (const command of ['start', 'api', 'worker', 'doctor', 'migrate', 'provision', 'accounts', 'transfer', 'billing']) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('uam migrate carries every migration: the test database is already up to date', async () => {
    const { stdout, stderr } = await uam('migrate');
    expect(stderr).toBe('');
    expect(stdout).toMatch(/migrated \S+ \(up to date\)/);
  });

  it('the compiled worker runs workflows from the prebuilt bundle, its queue workers finish the job, and it serves metrics', async () => {
    const [metricsPort, temporalMetricsPort] = [await freePort(), await freePort()];
    spawnUam(['worker'], { METRICS_PORT: String(metricsPort), TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${temporalMetricsPort}` });
    const runId = freshId('compiled');
    const connection = await Connection.connect({ address: config.temporal.address });
    try {
      const client = new Client({ connection, namespace: config.temporal.namespace });
      const result = await client.workflow.execute(smokeWorkflow, { taskQueue: config.temporal.taskQueue, workflowId: `smoke-${runId}`, args: [{ runId }] });
      expect(result).toBe(runId);
      await vi.waitFor(async () => expect(await db('smoke_runs').where({ id: runId }).first()).toMatchObject({ status: 'done' }), { timeout: 15_000, interval: 100 });

      const worker = `http://127.0.0.1:${metricsPort}`;
      expect(await (await fetch(`${worker}/readyz`)).json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok', temporal: 'ok' } });
      expect(await (await fetch(`${worker}/metrics`)).text()).toMatch(/^uam_process_resident_memory_bytes \d+/m);
      // The SDK's own metrics, from the worker's Temporal Runtime.
      await vi.waitFor(async () => {
        const text = await (await fetch(`http://127.0.0.1:${temporalMetricsPort}/metrics`)).text();
        expect(text).toMatch(/^temporal_workflow_completed_total\{[^}]*workflow_type="smokeWorkflow"[^}]*\} [1-9]/m);
      }, { timeout: 15_000, interval: 500 });
    } finally {
      await connection.close();
    }
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT, the compiled worker runs the traced workflow bundle and exports one trace down to the queue job', async () => {
    const receiver = await startOtlpReceiver();
    const taskQueue = freshId('traced');
    // Its own task queue and queue prefix: the worker of the test above must not take its tasks or its job.
    spawnUam(['worker'], { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, TEMPORAL_TASK_QUEUE: taskQueue, QUEUE_PREFIX: taskQueue });
    const runId = freshId('compiled-traced');
    const connection = await Connection.connect({ address: config.temporal.address });
    try {
      const client = new Client({ connection, namespace: config.temporal.namespace });
      await client.workflow.execute(smokeWorkflow, { taskQueue, workflowId: `smoke-${runId}`, args: [{ runId }] });
      const job = () => receiver.spans.find((s) => s.name === 'queue smoke complete' && s.attributes['messaging.message.id'] === runId);
      await vi.waitFor(() => expect(job()).toBeDefined(), { timeout: 30_000, interval: 200 });
      const trace = receiver.spans.filter((s) => s.traceId === job()!.traceId);
      expect(trace.map((s) => s.name)).toEqual(expect.arrayContaining(['RunWorkflow:smokeWorkflow', 'RunActivity:recordSmokeRun']));
      expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['uam-worker']));
    } finally {
      await connection.close();
      await receiver.close();
    }
  });

  it('the compiled API process serves its OpenAPI document', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const api = spawnUam(['api'], { API_PORT: String(port) });
    await vi.waitFor(async () => expect((await fetch(`${url}/livez`)).status).toBe(200), { timeout: 30_000, interval: 200 });
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/transfers');
    expect(api.exitCode).toBeNull();
  });
});
