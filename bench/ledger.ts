/**
 * bench:ledger — the ledger posting transfers vs pgbench's TPC-B on the same Postgres, same client count,
 * same duration, in one run. Also a hot-account run (every transfer from one account).
 * Env: BENCH_CLIENTS (8), BENCH_SECONDS (10), DATABASE_URL's server (database `<its name>_bench`, e.g. uam_bench).
 */
import { createDb, type Db } from '../db/connection';
import * as ledger from '../db/ledger/operations';
import { ensurePostgres, migrateDatabase } from '../scripts/provision/postgres';
import { benchUrl, pgbench } from './pgbench';
import { combine, describeLoad, fmt, runLoad, type LoadResult } from './support';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ENTERPRISES = 100;
const PER_ENTERPRISE = 100; // 10,000 accounts
const PGBENCH_SCALE = 10;
const ROUNDS = 3;
const WARM_UP_SECONDS = 3;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** 100 enterprises × 100 accounts, each with plenty of own cash (seeded once, reused by later runs). */
async function seed(db: Db): Promise<number[][]> {
  const existing = await db('enterprises').where('name', 'like', 'bench-ledger-%').orderBy('id').select('id');
  if (existing.length < ENTERPRISES) {
    console.log(`seeding ${ENTERPRISES * PER_ENTERPRISE} accounts…`);
    await db.raw(`
      WITH e AS (INSERT INTO enterprises (name) SELECT 'bench-ledger-' || g FROM generate_series(1, ?) g RETURNING id)
      INSERT INTO accounts (enterprise_id, kind, name) SELECT e.id, 'member', 'bench ' || g FROM e, generate_series(1, ?) g`,
    [ENTERPRISES, PER_ENTERPRISE]);
    await db.raw(`SELECT uam_receive('bench-seed-' || a.id, 'top_up', a.id, 100000000000, 'bench') FROM accounts a
      JOIN enterprises e ON e.id = a.enterprise_id WHERE e.name LIKE 'bench-ledger-%'`);
  }
  const rows = await db('accounts as a').join('enterprises as e', 'e.id', 'a.enterprise_id')
    .where('e.name', 'like', 'bench-ledger-%').select('a.id', 'a.enterprise_id').orderBy('a.id');
  const byEnterprise = new Map<number, number[]>();
  for (const r of rows) byEnterprise.set(r.enterprise_id, [...(byEnterprise.get(r.enterprise_id) ?? []), r.id]);
  return [...byEnterprise.values()];
}

async function main(): Promise<void> {
  const url = benchUrl();
  await ensurePostgres(url, [new URL(url).pathname.slice(1)]);
  await migrateDatabase(url);
  const db = createDb({ databaseUrl: url, databasePoolMax: CLIENTS });
  try {
    const groups = await seed(db);
    const runId = Date.now().toString(36);
    const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
    await db.raw('VACUUM ANALYZE');

    const spreadLoad = (label: string, seconds: number) => runLoad(CLIENTS, seconds, (c, i) => {
      const accounts = pick(groups);
      const from = pick(accounts);
      let to = pick(accounts);
      while (to === from) to = pick(accounts);
      return ledger.transfer(db, { key: `bench-${runId}-${label}-${c}-${i}`, fromAccountId: from, toAccountId: to, amount: 1n + BigInt(i % 100), actor: 'bench' });
    });
    // Like pgbench's own figure (which leaves out connecting), the ledger's leaves out its start: connections,
    // prepared statements and the JIT warm up first.
    console.log(`warming up (${WARM_UP_SECONDS} s) …`);
    await spreadLoad('warm-up', WARM_UP_SECONDS);

    // Interleaved rounds (pgbench, ledger, pgbench, ledger, …): drift in this noisy machine's load hits both alike.
    const tpcbRuns: Array<{ tps: number; latencyMs: number }> = [];
    const spreadRuns: LoadResult[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}/${ROUNDS}: pgbench TPC-B, then ledger transfers among ${groups.length * PER_ENTERPRISE} accounts (${CLIENTS} clients, ${SECONDS} s each) …`);
      tpcbRuns.push(await pgbench(url, { clients: CLIENTS, seconds: SECONDS, scale: PGBENCH_SCALE }));
      spreadRuns.push(await spreadLoad(`s${round}`, SECONDS));
    }
    const tpcb = { tps: mean(tpcbRuns.map((r) => r.tps)), latencyMs: mean(tpcbRuns.map((r) => r.latencyMs)) };
    const spread = combine(spreadRuns);
    console.log(`hot account (every transfer from one account): ${CLIENTS} clients, ${SECONDS} s …`);
    const hotGroup = groups[0]!;
    const hot = await runLoad(CLIENTS, SECONDS, (c, i) =>
      ledger.transfer(db, { key: `bench-${runId}-h-${c}-${i}`, fromAccountId: hotGroup[0]!, toAccountId: hotGroup[1 + ((c * 7 + i) % (hotGroup.length - 1))]!, amount: 1n, actor: 'bench' }));

    console.log('');
    console.log(`${'pgbench TPC-B'.padEnd(28)} ${fmt(tpcb.tps).padStart(9)} tps     latency avg ${fmt(tpcb.latencyMs, 2)} ms   (rounds: ${tpcbRuns.map((r) => fmt(r.tps)).join(', ')})`);
    console.log(`${'ledger rounds'.padEnd(28)} ${spreadRuns.map((r) => fmt(r.perSecond)).join(', ')} ops/s`);
    console.log(describeLoad('ledger transfers', spread));
    console.log(describeLoad('ledger hot account', hot));
    console.log(`ledger/pgbench ratio = ${fmt(spread.perSecond / tpcb.tps, 2)}`);
    console.log(`hot/spread ratio = ${fmt(hot.perSecond / spread.perSecond, 2)}`);
  } finally {
    await db.destroy();
  }
}

await main();
