/**
 * bench:import — a bulk import of 10,000 member accounts (CSV, two contacts each) through the service the API
 * calls, against a baseline in the same run: the same rows written by one hand-made set-wise SQL statement per
 * table (accounts, external ids, contacts), with no parsing, checking or comparing. Three interleaved rounds,
 * each into fresh enterprises; then the same file again (everything left alone). Reports times, the ratio,
 * and how far the process's heap and RSS rose above where they were when an import began.
 * Env: BENCH_ROWS (10000); DATABASE_URL's server (its database name + `_bench_import`).
 */
import { loadConfig } from '../core/config';
import { createDb, type Db } from '../db/connection';
import type { Principal } from '../domain/principal';
import { ensurePostgres, migrateDatabase } from '../scripts/provision/postgres';
import { createEnterprise } from '../services/directory/enterprises';
import { importAccounts } from '../services/directory/import';
import { fmt } from './support';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const MB = 1024 * 1024;
const ops: Principal = { id: 0, name: 'bench', role: 'ops', enterpriseId: null, accountId: null };

const csvOf = (tag: string) => ['externalId,name,email,phone,events', ...Array.from({ length: ROWS }, (_, i) =>
  `${tag}-${i},Member ${i},member${i}@${tag}.example,139${String(i).padStart(8, '0')},low_balance;account_stopped`)].join('\n');

const newEnterprise = async (db: Db, tag: string) => (await createEnterprise(db, ops, { name: `bench ${tag}` })).enterprise.id;

/** The floor: the same rows, one INSERT … SELECT generate_series per table, in one transaction. */
async function baseline(db: Db, tag: string): Promise<number> {
  const enterpriseId = await newEnterprise(db, tag);
  const t0 = performance.now();
  await db.transaction(async (trx) => {
    const { rows } = await trx.raw(
      `INSERT INTO accounts (enterprise_id, kind, name) SELECT ?, 'member', 'Member ' || i FROM generate_series(0, ? - 1) i RETURNING id`,
      [enterpriseId, ROWS],
    );
    const ids = (rows as Array<{ id: number }>).map((r) => r.id);
    await trx.raw(`INSERT INTO account_external_ids (external_id, account_id) SELECT ? || '-' || n, id FROM unnest(?::int[]) WITH ORDINALITY AS u(id, n)`, [tag, ids]);
    await trx.raw(
      `INSERT INTO contacts (enterprise_id, account_id, channel, address, events)
       SELECT ?, id, c.channel, CASE c.channel WHEN 'email' THEN 'member' || n || '@bench.example' ELSE '139' || lpad(n::text, 8, '0') END,
              ARRAY['low_balance', 'account_stopped']
       FROM unnest(?::int[]) WITH ORDINALITY AS u(id, n), (VALUES ('email'), ('sms')) AS c(channel)`,
      [enterpriseId, ids],
    );
  });
  return performance.now() - t0;
}

/** One import through the service, with the heap and RSS growth sampled while it runs. */
async function timedImport(db: Db, enterpriseId: number, csv: string) {
  const start = process.memoryUsage();
  const peak = { rss: start.rss, heapUsed: start.heapUsed };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
  }, 10);
  const t0 = performance.now();
  const report = await importAccounts(db, ops, enterpriseId, { body: csv, format: 'csv' }, { mode: 'all-or-nothing', dryRun: false });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  return { ms, counts: report.counts, rssMb: (peak.rss - start.rss) / MB, heapMb: (peak.heapUsed - start.heapUsed) / MB };
}

async function main(): Promise<void> {
  const url = new URL(loadConfig().databaseUrl);
  url.pathname = `${url.pathname}_bench_import`;
  await ensurePostgres(url.href, [url.pathname.slice(1)]);
  await migrateDatabase(url.href);
  const db = createDb({ databaseUrl: url.href, databasePoolMax: 2 });
  try {
    console.log(`${ROWS} rows, three interleaved rounds (baseline: set-wise SQL of the same rows; import: CSV through the service)`);
    console.log('round   baseline ms   import ms   ratio   again ms   heap / RSS rise during the import');
    for (let round = 1; round <= 3; round++) {
      const tag = `r${round}-${Date.now().toString(36)}`;
      const base = await baseline(db, `base-${tag}`);
      const csv = csvOf(`imp-${tag}`);
      const enterpriseId = await newEnterprise(db, `import ${tag}`);
      const first = await timedImport(db, enterpriseId, csv);
      const again = await timedImport(db, enterpriseId, csv);
      if (first.counts.create !== ROWS || again.counts.unchanged !== ROWS) throw new Error(`unexpected counts ${JSON.stringify([first.counts, again.counts])}`);
      console.log(`${String(round).padStart(5)}   ${fmt(base, 0).padStart(11)}   ${fmt(first.ms, 0).padStart(9)}   ${fmt(first.ms / base, 2).padStart(5)}   ${fmt(again.ms, 0).padStart(8)}   ${fmt(first.heapMb)} / ${fmt(first.rssMb)} MB`);
    }
  } finally {
    await db.destroy();
  }
}

await main();
