import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTransferActivities } from '../../activities/transfers';
import type { Config } from '../../core/config';
import { createLogger } from '../../core/logger';
import { createDb, type Db } from '../../db/connection';
import type { MovementStatus } from '../../domain/transfers';
import { startTransfer, type TransferDeps } from '../../services/transfers';
import { installTemporalRuntime } from '../../workers/temporal-runtime';
import { bundleWorkflows, createTemporalWorker, type TemporalWorker } from '../../workers/temporal-worker';
import { startPipeline, type Pipeline } from '../alerts/pipeline';
import { startTestSmtp, type TestSmtp } from '../alerts/smtp';
import { brokenInvariants } from '../ledger/invariants';
import { freshId, testConfig } from '../support';
import { balances, fundedEnterprise, outboxOf, startMovementWorkflow, type FundedEnterprise } from '../transfers/harness';
import { auditMessages } from './messages';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';

/**
 * Postgres stopped in the middle of a burst of transfers, on a cluster of the test's own (the shared one is never
 * touched): longer than the old validation budget (5 attempts, about 7.5 s). The workflows run on the test
 * Temporal server; relay, alert checks and notifier on the same private database.
 */
let pgc: PrivatePostgres;
let db: Db;
let config: Config;
let smtp: TestSmtp;
let pipeline: Pipeline;
let worker: TemporalWorker;
let connections: { client: Connection; native: NativeConnection };
let deps: TransferDeps;

beforeAll(async () => {
  pgc = await startPrivatePostgres();
  smtp = await startTestSmtp();
  config = testConfig({ DATABASE_URL: pgc.url, SMTP_URL: smtp.url, RETRY_BACKOFF_MS: '200', RETRY_BACKOFF_MAX_MS: '2000' });
  // Knex reports every refused connection on the console while the database is down; the test expects those.
  const quiet = () => undefined;
  db = createDb({ ...config, databasePoolMax: 10 }, { log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet } });
  installTemporalRuntime(config, createLogger(config));
  connections = { client: await Connection.connect({ address: config.temporal.address }), native: await NativeConnection.connect({ address: config.temporal.address }) };
  deps = { db, temporal: new Client({ connection: connections.client, namespace: config.temporal.namespace }), taskQueue: config.temporal.taskQueue };
  worker = await createTemporalWorker({
    config, activities: createTransferActivities({ db }), connection: connections.native, workflowBundle: await bundleWorkflows(),
  });
  void worker.run();
  pipeline = await startPipeline(db, config);
}, 120_000);
afterAll(async () => {
  await pipeline?.close();
  await worker?.stop();
  await connections?.client.close();
  await connections?.native.close();
  await db?.destroy();
  await smtp?.stop();
  await pgc?.destroy();
});

const outcome = (workflowId: string) => deps.temporal.workflow.getHandle(workflowId).result().then(
  (status: MovementStatus) => status.stage as string,
  (err: unknown) => (err instanceof WorkflowFailedError ? `failed: ${(err.cause as { type?: string } | undefined)?.type ?? err.cause?.message}` : String(err)),
);

describe('Postgres restarted during a burst of transfers', () => {
  it('every transfer accepted before, during and after the outage completes, once, with its message; a refusal keeps its reason', async () => {
    const ent: FundedEnterprise = await fundedEnterprise(db, Array(6).fill(100_00n));
    const from = (i: number) => ent.members[i % 6]!;
    const to = (i: number) => ent.members[(i + 1) % 6]!;
    const start = (i: number) => startTransfer(deps, { principal: ent.admin, requestId: freshId(`burst-${i}`), fromAccountId: from(i), toAccountId: to(i), amount: '1.00' });
    // Workflows already past the service when the database goes (accepted just before it, batch items); the service
    // itself checks scope and funds in the database, so while it is down it accepts nothing new.
    const inFlight = (i: number, amount = '1.00') => startMovementWorkflow(deps, ent, { kind: 'transfer', from: from(i), to: to(i), amount });
    const before = await Promise.all(Array.from({ length: 12 }, (_, i) => start(i)));
    await pgc.stop('fast'); // some of those are still on their way
    const during = await Promise.all(Array.from({ length: 18 }, (_, i) => inFlight(12 + i)));
    const refused = await inFlight(99, '1000.00'); // more than anyone has: refused for that reason alone
    await new Promise((resolve) => setTimeout(resolve, 9000));
    const stillRunning = await Promise.all(during.map(async (t) => (await deps.temporal.workflow.getHandle(t.workflowId).describe()).status.name));
    expect(stillRunning.every((s) => s === 'RUNNING')).toBe(true); // nothing could finish without the database
    await pgc.start();

    const accepted = [...before, ...during];
    expect(await Promise.all(accepted.map((t) => outcome(t.workflowId)))).toEqual(accepted.map(() => 'completed'));
    expect(await outcome(refused.workflowId)).toBe('failed: TRANSFER_EXCEEDS_MAXIMUM');
    // Each member sent five 1.00 transfers and received five.
    expect(await balances(db, ent.members)).toEqual(ent.members.map(() => ({ ownCash: 95_00n, transferBook: 5_00n, held: 0n })));
    for (const t of accepted) expect((await outboxOf(db, t.requestId)).map((r) => r.topic)).toEqual(['transfer.completed']);
    expect((await outboxOf(db, refused.requestId)).map((r) => [r.topic, r.payload.code])).toEqual([['transfer.failed', 'TRANSFER_EXCEEDS_MAXIMUM']]);
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
    await vi.waitFor(async () => {
      expect(await auditMessages(db, smtp.received, [ent.id])).toMatchObject({ events: 31, lost: [], duplicated: [], stuck: [] });
    }, { timeout: 60_000, interval: 500 });
  }, 180_000);
});
