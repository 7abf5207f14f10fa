/**
 * bench:transfers — transfers per second end to end through Temporal (start → posted and notified) against a
 * workflow that does nothing, on the same dev server, worker and client count, in one run; p50/p99 latency.
 * No-op and transfer phases alternate (no-op first and last), so a busy machine skews the ratio less; each phase
 * also reports the CPU time per workflow of the Temporal server, this process (client and worker) and Postgres.
 * Env: BENCH_CLIENTS (16), BENCH_SECONDS (6 per phase), BENCH_ROUNDS (2 transfer phases), DATABASE_URL's server
 * (database uam_bench_transfers is used).
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
import { childPids, combine, cpuMsOf, describeLoad, fmt, runLoad } from './support';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
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

    let phases = 0; // ids stay unique across phases
    const noop = (c: number, i: number) =>
      env.client.workflow.execute('noopWorkflow', { taskQueue: TASK_QUEUE, workflowId: `bench-noop-${runId}-${phases}-${c}-${i}` });
    // Through the service the API calls, as a user's transfer would go: started, then its result awaited.
    const deps = { db, temporal: env.client, taskQueue: TASK_QUEUE };
    const transfer = async (c: number, i: number) => {
      const from = pick();
      let to = pick();
      while (to === from) to = pick();
      const { workflowId } = await startTransfer(deps, { principal, requestId: `bench-${runId}-${phases}-${c}-${i}`, fromAccountId: from, toAccountId: to, amount: '0.01' });
      return env.client.workflow.getHandle(workflowId).result();
    };

    await runLoad(CLIENTS, 1, noop); // warm-up: worker caches, connections, JIT
    // CPU per workflow of each part, read from /proc: what a busy shared machine skews least. The pool's
    // Postgres backends are looked up at both ends of a phase (connections open as the load needs them).
    const server = childPids(process.pid, 'temporal');
    const backends = async (): Promise<number[]> =>
      (await db.raw('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((r: { pid: number }) => r.pid);
    const partNames = ['Temporal server', 'client + worker', 'Postgres'];
    const cpuNow = async () => {
      const pids = [server, [process.pid], await backends()];
      return pids.map((list) => new Map(list.map((pid) => [pid, cpuMsOf([pid])])));
    };
    const phase = async (name: string, op: typeof noop) => {
      console.log(`${name}: ${CLIENTS} clients, ${SECONDS} s …`);
      phases++;
      const before = await cpuNow();
      const load = await runLoad(CLIENTS, SECONDS, op);
      const after = await cpuNow();
      const cpu = after.map((part, i) => [...part].reduce((t, [pid, ms]) => t + ms - (before[i]!.get(pid) ?? 0), 0) / Math.max(1, load.operations));
      return { load, cpu };
    };
    const noops = [await phase('no-op workflows', noop)];
    const transfers = [];
    for (let round = 1; round <= ROUNDS; round++) {
      transfers.push(await phase(`transfers (one ledger call, posted with its message), round ${round}`, transfer));
      noops.push(await phase('no-op workflows again', noop));
    }
    await worker.stop();
    await running;

    console.log('');
    const cpuOf = (runs: typeof noops) => partNames.map((name, i) => `${name} ${fmt(runs.reduce((t, r) => t + r.cpu[i]!, 0) / runs.length, 2)}`).join(', ');
    console.log(describeLoad('no-op workflow', combine(noops.map((r) => r.load))));
    console.log(describeLoad('transfer workflow', combine(transfers.map((r) => r.load))));
    transfers.forEach((t, i) => {
      const baseline = (noops[i]!.load.perSecond + noops[i + 1]!.load.perSecond) / 2;
      console.log(`round ${i + 1}: transfer/no-op ratio = ${fmt(t.load.perSecond / baseline, 2)}`);
    });
    const ratio = combine(transfers.map((r) => r.load)).perSecond / combine(noops.map((r) => r.load)).perSecond;
    console.log(`transfer/no-op ratio = ${fmt(ratio, 2)} (aim ≥ 0.8)`);
    console.log(`CPU ms per no-op workflow:   ${cpuOf(noops)}`);
    console.log(`CPU ms per transfer:         ${cpuOf(transfers)}`);
  } finally {
    await env.teardown();
    await db.destroy();
  }
}

await main();
