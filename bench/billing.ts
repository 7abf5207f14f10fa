/**
 * bench:billing — billing events posted through the API one per request, and in batches of 100 and 1,000
 * (POST /billing/events), in events per second, against pgbench's TPC-B transactions per second on the same
 * Postgres in the same run. The API runs in this process (Fastify's inject: routing, validation and
 * serialisation, no sockets). Events: usage charges paid from own cash and top-ups, half each, over 10,000 accounts.
 * Env: BENCH_CLIENTS (4), BENCH_SECONDS (10), DATABASE_URL's server (database `<its name>_bench`).
 */
import { buildApp } from '../api/app';
import { createTemporalClient } from '../api/context';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { createDb } from '../db/connection';
import { createPrincipal } from '../services/principals';
import { ensurePostgres, migrateDatabase } from '../scripts/provision/postgres';
import { benchUrl, pgbench } from './pgbench';
import { describeLoad, fmt, runLoad } from './support';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ACCOUNTS = 10_000;

async function main(): Promise<void> {
  const url = benchUrl();
  await ensurePostgres(url, [new URL(url).pathname.slice(1)]);
  await migrateDatabase(url);
  const config = loadConfig({ ...process.env, DATABASE_URL: url, DATABASE_POOL_MAX: String(CLIENTS), LOG_LEVEL: 'warn' });
  const db = createDb(config);
  const temporal = createTemporalClient(config);
  const app = await buildApp({ config, db, logger: createLogger(config, 'bench-billing'), temporal: temporal.client });
  try {
    if (!(await db('enterprises').where({ name: 'bench-billing' }).first())) {
      console.log(`seeding ${ACCOUNTS} accounts…`);
      await db.raw(`WITH e AS (INSERT INTO enterprises (name) VALUES ('bench-billing') RETURNING id)
        INSERT INTO accounts (enterprise_id, kind, name) SELECT e.id, 'member', 'bench ' || g FROM e, generate_series(1, ?) g`, [ACCOUNTS]);
      await db.raw(`SELECT uam_receive('bench-billing-seed-' || a.id, 'top_up', a.id, 100000000000, 'bench') FROM accounts a
        JOIN enterprises e ON e.id = a.enterprise_id WHERE e.name = 'bench-billing'`);
    }
    const accounts = (await db('accounts as a').join('enterprises as e', 'e.id', 'a.enterprise_id')
      .where('e.name', 'bench-billing').pluck('a.id')) as number[];
    const { token } = await createPrincipal(db, { name: 'bench-billing', role: 'ops' });
    await db.raw('VACUUM ANALYZE');

    const runId = Date.now().toString(36);
    const event = (label: string, c: number, i: number, n: number) => ({
      eventId: `bench-${runId}-${label}-${c}-${i}-${n}`, kind: n % 2 ? 'charge' : 'top-up',
      accountId: accounts[Math.floor(Math.random() * accounts.length)]!, amount: '0.01',
    });
    const send = async (path: string, payload: object, headers: Record<string, string> = {}) => {
      const res = await app.inject({ method: 'POST', url: path, payload, headers: { authorization: `Bearer ${token}`, ...headers } });
      if (res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode}: ${res.body.slice(0, 200)}`);
    };
    const single = (label: string) => runLoad(CLIENTS, SECONDS, (c, i) => {
      const e = event(label, c, i, i);
      return send(`/accounts/${e.accountId}/${e.kind === 'charge' ? 'charges' : 'top-ups'}`, { amount: e.amount }, { 'idempotency-key': e.eventId });
    });
    const batches = (label: string, size: number) => runLoad(CLIENTS, SECONDS, (c, i) =>
      send('/billing/events', { events: Array.from({ length: size }, (_, n) => event(label, c, i, n)) }));

    console.log('warming up…');
    await runLoad(CLIENTS, 2, (c, i) => send('/billing/events', { events: [event('warm', c, i, 0)] }));
    console.log(`pgbench TPC-B (${CLIENTS} clients, ${SECONDS} s) …`);
    const tpcb = await pgbench(url, { clients: CLIENTS, seconds: SECONDS, scale: 10 });
    console.log('one event per request …');
    const one = await single('one');
    console.log('batches of 100 …');
    const hundred = await batches('b100', 100);
    console.log('batches of 1,000 …');
    const thousand = await batches('b1000', 1000);

    const perSecond = (r: { perSecond: number }, size: number) => r.perSecond * size;
    console.log('');
    console.log(`${'pgbench TPC-B'.padEnd(28)} ${fmt(tpcb.tps).padStart(9)} tps     latency avg ${fmt(tpcb.latencyMs, 2)} ms`);
    for (const [name, r, size] of [['one per request', one, 1], ['batches of 100', hundred, 100], ['batches of 1,000', thousand, 1000]] as const) {
      console.log(describeLoad(`${name} (requests)`, r));
      console.log(`${`${name}`.padEnd(28)} ${fmt(perSecond(r, size)).padStart(9)} events/s   ratio to TPC-B = ${fmt(perSecond(r, size) / tpcb.tps, 2)}`);
    }
  } finally {
    await app.close();
    await temporal.close();
    await db.destroy();
  }
}

await main();
