/**
 * bench:transfers — transfers per second end to end through Temporal (start → posted and notified) against a
 * workflow that does nothing, on the same dev server, worker and client count, in one run; p50/p99 latency.
 * The no-op runs before and after the transfers and the ratio uses their mean, so a busy machine skews less.
 * Env: BENCH_CLIENTS (16), BENCH_SECONDS (6 per phase), DATABASE_URL's server (database uam_bench_transfers is used).
 */
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { createTransferActivities } from '../activities/transfers';
import { loadConfig } from '../core/config';
import { createDb, type Db } from '../db/connection';
import { topUp } from '../db/ledger/operations';
import { ensurePostgres, migrateDatabase } from '../scripts/provision/postgres';
import { startTransfer } from '../services/transfers';
import { registerSearchAttributes } from '../scripts/provision/temporal';
import { ensureTemporalBinaries } from '../scripts/provision/temporal-binaries';
import { createTemporalWorker } from '../workers/temporal-worker';
import { describeLoad, fmt, runLoad } from './support';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const MEMBERS = 200;
const TASK_QUEUE = 'bench-transfers';

const url = (() => {
  const u = new URL(loadConfig().databaseUrl);
  u.pathname = '/uam_bench_transfers';
  return u.href;
})();
const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' });

/** A fresh enterprise of MEMBERS accounts, each with far more own cash than a run can transfer away. */
async function seed(db: Db, runId: string): Promise<{ enterpriseId: number; members: number[] }> {
  const [ent] = await db('enterprises').insert({ name: `bench-transfers-${runId}` }).returning('id');
  const rows = await db('accounts')
    .insert(Array.from({ length: MEMBERS }, (_, i) => ({ enterprise_id: ent.id, kind: 'member', name: `bench ${i}` })))
    .returning('id');
  const members = rows.map((r) => r.id as number);
  for (const id of members) await topUp(db, { key: `bench-${runId}-top-${id}`, accountId: id, amount: 10n ** 12n, actor: 'bench' });
  return { enterpriseId: ent.id as number, members };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  await ensurePostgres(url, ['uam_bench_transfers']);
  await migrateDatabase(url, { fresh: true }); // the ledger's SQL is loaded by its migration: start from today's
  const { cli } = await ensureTemporalBinaries();
  const db = createDb({ databaseUrl: url, databasePoolMax: 10 });
  console.log('starting a Temporal dev server and a worker…');
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli } } });
  try {
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
    const runId = Date.now().toString(36);
    const { enterpriseId, members } = await seed(db, runId);
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./transfer-workflows.ts', import.meta.url)), logger: new DefaultLogger('WARN'),
    });
    const worker = await createTemporalWorker({
      config, activities: createTransferActivities({ db }), connection: env.nativeConnection, taskQueue: TASK_QUEUE, workflowBundle,
    });
    const running = worker.run();
    const principal = { id: 0, name: 'bench', role: 'enterprise_admin' as const, enterpriseId, accountId: null };
    const pick = () => members[Math.floor(Math.random() * members.length)]!;

    const noop = (c: number, i: number) =>
      env.client.workflow.execute('noopWorkflow', { taskQueue: TASK_QUEUE, workflowId: `bench-noop-${runId}-${c}-${i}` });
    // Through the service the API calls, as a user's transfer would go: started, then its result awaited.
    const deps = { db, temporal: env.client, taskQueue: TASK_QUEUE };
    const transfer = async (c: number, i: number) => {
      const from = pick();
      let to = pick();
      while (to === from) to = pick();
      const { workflowId } = await startTransfer(deps, { principal, requestId: `bench-${runId}-${c}-${i}`, fromAccountId: from, toAccountId: to, amount: '0.01' });
      return env.client.workflow.getHandle(workflowId).result();
    };

    await runLoad(CLIENTS, 1, noop); // warm-up: worker caches, connections, JIT
    const phase = (name: string, op: typeof noop) => {
      console.log(`${name}: ${CLIENTS} clients, ${SECONDS} s …`);
      return runLoad(CLIENTS, SECONDS, op);
    };
    const before = await phase('no-op workflows', noop);
    const transfers = await phase('transfers (one ledger call, posted with its message)', transfer);
    const after = await phase('no-op workflows again', noop);
    await worker.stop();
    await running;

    console.log('');
    console.log(describeLoad('no-op workflow (before)', before));
    console.log(describeLoad('transfer workflow', transfers));
    console.log(describeLoad('no-op workflow (after)', after));
    const baseline = (before.perSecond + after.perSecond) / 2;
    console.log(`transfer/no-op ratio = ${fmt(transfers.perSecond / baseline, 2)} (aim ≥ 0.8)`);
  } finally {
    await env.teardown();
    await db.destroy();
  }
}

await main();
