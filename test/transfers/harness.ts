import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { TemporalFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';
import { createFundingActivities } from '../../activities/funding';
import { createTransferActivities } from '../../activities/transfers';
import { createLogger } from '../../core/logger';
import { createDb, type Db } from '../../db/connection';
import { topUp } from '../../db/ledger/operations';
import { parseYuan } from '../../domain/money';
import type { Principal } from '../../domain/principal';
import { movementWorkflowId, type MovementInput, type MovementKind } from '../../domain/transfers';
import { actorFrom, type TransferDeps } from '../../services/transfers';
import { transferWorkflow } from '../../workflows/transfer';
import { withdrawalWorkflow } from '../../workflows/withdrawal';
import { installTemporalRuntime } from '../../workers/temporal-runtime';
import { bundleWorkflows, createTemporalWorker, type TemporalWorker } from '../../workers/temporal-worker';
import { createTestEnterprise, createTimeSkippingEnv, freshId, testConfig, type TestEnterprise } from '../support';

/**
 * A Temporal server — the time-skipping test server, or with `server: 'dev'` the real dev server the global
 * setup started — a worker with the transfer (and funding policy) activities on a fresh task queue, the test database, and the
 * service deps the API would use.
 */
export interface TransferHarness {
  /** Only with the time-skipping server. */
  env?: TestWorkflowEnvironment;
  client: Client;
  db: Db;
  deps: TransferDeps;
  /** Starts a(nother) worker on the task queue, e.g. after a worker process was killed. */
  startWorker(): Promise<TemporalWorker>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  server?: 'time-skipping' | 'dev';
  /** false leaves the task queue unpolled, for a test that brings its own worker process. */
  worker?: boolean;
  approvalTimeoutMs?: number;
  databasePoolMax?: number;
}

export async function startTransferHarness(options: HarnessOptions = {}): Promise<TransferHarness> {
  const config = testConfig();
  installTemporalRuntime(config, createLogger(config));
  const db = createDb({ databaseUrl: inject('databaseUrl'), databasePoolMax: options.databasePoolMax ?? 8 });
  const env = options.server === 'dev' ? undefined : await createTimeSkippingEnv();
  const connection = env ? undefined : await Connection.connect({ address: config.temporal.address });
  const nativeConnection = env?.nativeConnection ?? (await NativeConnection.connect({ address: config.temporal.address }));
  const client = env?.client ?? new Client({ connection: connection!, namespace: config.temporal.namespace });
  const taskQueue = freshId('transfers');
  const workers: TemporalWorker[] = [];
  const startWorker = async () => {
    const worker = await createTemporalWorker({
      config, activities: { ...createTransferActivities({ db }), ...createFundingActivities({ db }) }, connection: nativeConnection, taskQueue, workflowBundle: await bundleWorkflows(),
    });
    void worker.run();
    workers.push(worker);
    return worker;
  };
  if (options.worker !== false) await startWorker();
  return {
    env, client, db, startWorker,
    deps: { db, temporal: client, taskQueue, ...(options.approvalTimeoutMs && { approvalTimeoutMs: options.approvalTimeoutMs }) },
    async close() {
      for (const w of workers) await w.stop();
      if (env) await env.teardown();
      else await Promise.all([connection!.close(), nativeConnection.close()]);
      await db.destroy();
    },
  };
}

let nextPrincipal = 100_000;

/** An enterprise admin as the API would pass it (no token needed below the API). */
export function admin(enterpriseId: number, accountId: number | null = null): Principal {
  const id = nextPrincipal++;
  return { id, name: `admin ${id}`, role: 'enterprise_admin', enterpriseId, accountId };
}

export interface FundedEnterprise extends TestEnterprise {
  /** The enterprise's admin (starts movements) and a second admin (approves them). */
  admin: Principal;
  second: Principal;
}

/** A fresh enterprise whose members topped up the given own cash (fen), in order. */
export async function fundedEnterprise(db: Db, topUps: bigint[], options: { dualControlThreshold?: bigint } = {}): Promise<FundedEnterprise> {
  const ent = await createTestEnterprise(db, { members: topUps.length, ...options });
  for (const [i, amount] of topUps.entries()) {
    if (amount > 0n) await topUp(db, { key: freshId('top-up'), accountId: ent.members[i]!, amount, actor: 'test' });
  }
  return { ...ent, admin: admin(ent.id, ent.ma), second: admin(ent.id) };
}

/** The figures a user checks, per account. */
export async function balances(db: Db, ids: number[]) {
  const rows = await db('accounts').whereIn('id', ids).select('id', 'own_cash', 'transfer_book', 'held', 'available');
  return ids.map((id) => {
    const r = rows.find((row) => row.id === id)!;
    return { ownCash: r.own_cash as bigint, transferBook: r.transfer_book as bigint, held: r.held as bigint };
  });
}

/** Outbox rows about one movement (by request id), or with `topic` only those. */
export async function outboxOf(db: Db, requestId: string, topic?: string) {
  const q = db('outbox').whereRaw(`payload->>'requestId' = ?`, [requestId]).orderBy('id').select('topic', 'dedupe_key', 'payload');
  return topic ? q.where({ topic }) : q;
}

/** The failure chain a caller gets, as Temporal builds it (e.g. `WorkflowFailedError → ApplicationFailure:TYPE`). */
export function failureChain(err: unknown): string[] {
  const chain: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const type = (e as { type?: unknown }).type;
    chain.push(typeof type === 'string' && e instanceof TemporalFailure ? `${e.name}:${type}` : e.name);
  }
  return chain;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (err: unknown) => err,
  );
}

export const isWorkflowFailure = (err: unknown): err is WorkflowFailedError => err instanceof WorkflowFailedError;

/**
 * Starts a movement's workflow itself, as an accepted request reaches it (or a batch item, or one racing
 * another) — without the service's scope check and pre-check, which refuse at once what they can see.
 */
export async function startMovementWorkflow(
  deps: Pick<TransferDeps, 'temporal' | 'taskQueue'>, ent: { id: number; admin: Principal },
  m: { kind: MovementKind; from: number; to: number; amount: string; requestId?: string },
): Promise<{ workflowId: string; requestId: string }> {
  const requestId = m.requestId ?? freshId(m.kind);
  const workflowId = movementWorkflowId(m.kind, ent.id, requestId);
  const input: MovementInput = {
    kind: m.kind, requestId, enterpriseId: ent.id, fromAccountId: m.from, toAccountId: m.to, amount: parseYuan(m.amount).toString(),
    startedBy: actorFrom(ent.admin),
  };
  await deps.temporal.workflow.start(m.kind === 'transfer' ? transferWorkflow : withdrawalWorkflow, { workflowId, taskQueue: deps.taskQueue, args: [input] });
  return { workflowId, requestId };
}
