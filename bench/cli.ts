/**
 * bench:cli — how long a person waits for the `uam` command, in one run, as medians of interleaved rounds:
 *  - `uam --help` against a bare `node -e 0` start (aim: within 5×);
 *  - a read command (`uam accounts list … --json`, one API call) against that API call alone from a warm
 *    client (aim: within 2× the call, plus the 5× start budget);
 *  - the same two through tsx (how `uam` ran before it was compiled), for comparison.
 * Builds first (`npm run build`), then runs the compiled `uam api` on the bench database of bench:api.
 * Env: BENCH_ROUNDS (15), BENCH_ACCOUNTS (100000, shared with bench:api's seed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { loadConfig } from '../core/config';
import { repoRoot } from '../core/files';
import { createDb } from '../db/connection';
import { ensurePostgres, migrateDatabase } from '../scripts/provision/postgres';
import { BENCH_TOKEN, seedBenchAccounts } from './api-seed';
import { startApiProcess } from './api-server';
import { fmt, percentile } from './support';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);

/** Wall time of one command, in ms; it must exit 0. */
function timed(args: string[], env: Record<string, string> = {}): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return ms;
}

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

async function main(): Promise<void> {
  console.log('building (npm run build)…');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  const url = new URL(loadConfig().databaseUrl);
  url.pathname = '/uam_bench_api';
  await ensurePostgres(url.href, ['uam_bench_api']);
  await migrateDatabase(url.href);
  const db = createDb({ databaseUrl: url.href, databasePoolMax: 2 });
  const { enterpriseId } = await seedBenchAccounts(db, ACCOUNTS).finally(() => db.destroy());
  const server = await startApiProcess({ DATABASE_URL: url.href, QUEUE_PREFIX: 'uam-bench-cli' });
  const env = { UAM_API_URL: server.url, UAM_TOKEN: BENCH_TOKEN };
  const listArgs = ['accounts', 'list', '--enterprise', String(enterpriseId), '--sort', 'available', '--limit', '100', '--json'];
  const apiUrl = `${server.url}/enterprises/${enterpriseId}/accounts?sort=available&order=asc&limit=100`;
  const apiCall = async () => {
    const t0 = performance.now();
    const res = await fetch(apiUrl, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return performance.now() - t0;
  };
  const samples = { node: [] as number[], help: [] as number[], read: [] as number[], api: [] as number[], tsxHelp: [] as number[], tsxRead: [] as number[] };
  try {
    await apiCall();
    timed(['bin/uam.js', ...listArgs], env); // warm the server and the file cache
    for (let round = 0; round < ROUNDS; round++) {
      samples.node.push(timed(['-e', '0']));
      samples.help.push(timed(['bin/uam.js', '--help']));
      samples.api.push(await apiCall());
      samples.read.push(timed(['bin/uam.js', ...listArgs], env));
      samples.tsxHelp.push(timed(['--import', 'tsx', 'cli/uam.ts', '--help']));
      samples.tsxRead.push(timed(['--import', 'tsx', 'cli/uam.ts', ...listArgs], env));
    }
  } finally {
    await server.stop();
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<keyof typeof samples, number>;
  const readBudget = 2 * m.api + 5 * m.node;
  console.log(`\nmedians of ${ROUNDS} interleaved rounds (ms)`);
  console.log(`node -e 0                      ${fmt(m.node).padStart(8)}`);
  console.log(`uam --help (compiled)          ${fmt(m.help).padStart(8)}   ${fmt(m.help / m.node, 2)}× node start (aim ≤ 5×): ${m.help <= 5 * m.node ? 'OK' : 'ABOVE AIM'}`);
  console.log(`uam --help (tsx, before)       ${fmt(m.tsxHelp).padStart(8)}   ${fmt(m.tsxHelp / m.node, 2)}× node start`);
  console.log(`API call alone (list, 100)     ${fmt(m.api).padStart(8)}`);
  console.log(`uam accounts list (compiled)   ${fmt(m.read).padStart(8)}   budget 2×call + 5×start = ${fmt(readBudget)}: ${m.read <= readBudget ? 'OK' : 'ABOVE AIM'}`);
  console.log(`uam accounts list (tsx)        ${fmt(m.tsxRead).padStart(8)}`);
}

await main();
