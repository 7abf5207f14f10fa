/**
 * bench:api — the HTTP API under load, in one run against one `uam api` process:
 *  - account-list page (100 rows sorted by available quota) and one account's figures, each against the
 *    trivial /livez endpoint of the same server (requests/s, p50/p99, ratios);
 *  - a full CSV export of all accounts: time and the server's peak memory (aim: < 3 s, < 150 MB).
 * Env: BENCH_ACCOUNTS (100000), BENCH_CLIENTS (8, sized for 2 cores), BENCH_SECONDS (8), DATABASE_URL's
 * server (database uam_bench_api is used).
 */
import { Agent, request } from 'node:http';
import { loadConfig } from '../core/config';
import { createDb } from '../db/connection';
import { ensurePostgres, migrateDatabase } from '../scripts/provision/postgres';
import { BENCH_TOKEN, seedBenchAccounts } from './api-seed';
import { startApiProcess } from './api-server';
import { describeLoad, fmt, runLoad, type LoadResult } from './support';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const MB = 1024 * 1024;

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

/** One GET with keep-alive; resolves with the byte count of a 200 body, rejects otherwise. */
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${BENCH_TOKEN}` } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`HTTP ${res.statusCode} for ${url}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function benchUrl(): string {
  const url = new URL(loadConfig().databaseUrl);
  url.pathname = '/uam_bench_api';
  return url.href;
}

async function main(): Promise<void> {
  const databaseUrl = benchUrl();
  await ensurePostgres(databaseUrl, ['uam_bench_api']);
  await migrateDatabase(databaseUrl);
  const db = createDb({ databaseUrl, databasePoolMax: 2 });
  let seeded;
  try {
    console.log(`seeding ${ACCOUNTS} accounts (once)…`);
    seeded = await seedBenchAccounts(db, ACCOUNTS);
  } finally {
    await db.destroy();
  }
  const { enterpriseId, accountIds } = seeded;
  const server = await startApiProcess({ DATABASE_URL: databaseUrl, QUEUE_PREFIX: 'uam-bench-api' });
  const atStart = server.memory().rss;
  try {
    const listUrl = `${server.url}/enterprises/${enterpriseId}/accounts?sort=available&order=asc&limit=100`;
    const accountUrl = (i: number) => `${server.url}/accounts/${accountIds[(i * 7919) % accountIds.length]}`;
    await runLoad(CLIENTS, 1, () => Promise.all([get(`${server.url}/livez`), get(listUrl), get(accountUrl(1))])); // warm-up

    console.log(`\n${CLIENTS} clients, ${SECONDS} s each, one uam api process (${ACCOUNTS} accounts)\n`);
    const run = async (name: string, op: (c: number, i: number) => Promise<unknown>): Promise<LoadResult> => {
      const r = await runLoad(CLIENTS, SECONDS, op);
      console.log(describeLoad(name, r));
      return r;
    };
    const trivial = await run('GET /livez (trivial)', () => get(`${server.url}/livez`));
    const list = await run('account list, 100 rows', () => get(listUrl));
    const trivial2 = await run('GET /livez (trivial, again)', () => get(`${server.url}/livez`));
    const account = await run("one account's figures", (c, i) => get(accountUrl(c * 100_003 + i)));
    const base = (trivial.perSecond + trivial2.perSecond) / 2;
    console.log(`\nlist/trivial throughput ratio    = ${fmt(list.perSecond / base, 3)}   p50 ratio ${fmt(list.p50Ms / trivial.p50Ms, 1)}x`);
    console.log(`account/trivial throughput ratio = ${fmt(account.perSecond / base, 3)}   p50 ratio ${fmt(account.p50Ms / trivial.p50Ms, 1)}x`);

    server.resetPeak();
    const before = server.memory();
    const started = performance.now();
    const bytes = await get(`${server.url}/enterprises/${enterpriseId}/accounts.csv?all=true`);
    const seconds = (performance.now() - started) / 1000;
    const after = server.memory();
    console.log(`\nCSV export of ${ACCOUNTS} accounts: ${fmt(seconds, 2)} s, ${fmt(bytes / MB)} MB`
      + ` (aim < 3 s): ${seconds < 3 ? 'OK' : 'SLOWER THAN AIM'}`);
    console.log(`server memory: ${fmt(atStart / MB)} MB at start, ${fmt(before.rss / MB)} MB after the load runs, peak ${fmt(after.peak / MB)} MB during the export`
      + ` (aim < 150 MB): ${after.peak < 150 * MB ? 'OK' : 'ABOVE AIM'}`);
  } finally {
    agent.destroy();
    await server.stop();
  }
}

await main();
