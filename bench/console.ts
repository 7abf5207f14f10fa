/**
 * bench:console — the console tab in headless Chromium against one `uam api` process, with 100,000 accounts in
 * one enterprise (the same seed as bench:api):
 *  - navigation → first page of rows rendered, against the API's own list call (same page, same run);
 *  - click on the "Available balance" header → sorted page rendered, against the sorted list call alone;
 *  - the JavaScript the first screen loads, gzipped (aim: first rows within 2× the API call, < 500 KB).
 * Needs `npm run build` (the API runs from dist/). Env: BENCH_ACCOUNTS (100000), BENCH_RUNS (5), CHROMIUM_PATH,
 * DATABASE_URL's server (database uam_bench_console).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../core/config';
import { repoFile } from '../core/files';
import { createDb } from '../db/connection';
import { ensureConsoleBuild } from '../scripts/console-build.mjs';
import { ensurePostgres, migrateDatabase } from '../scripts/provision/postgres';
import { BENCH_TOKEN, seedBenchAccounts } from './api-seed';
import { startApiProcess } from './api-server';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** The JS files index.html loads before anything renders (entry and module preloads), gzipped. */
function firstScreenJs(): { files: number; raw: number; gzip: number } {
  const html = readFileSync(repoFile('console', 'dist', 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+\.js)"/g)].map((m) => readFileSync(repoFile('console', 'dist', m[1]!)));
  return { files: files.length, raw: files.reduce((n, f) => n + f.length, 0), gzip: files.reduce((n, f) => n + gzipSync(f, { level: 9 }).length, 0) };
}

async function timeApi(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
  await res.json();
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return performance.now() - started;
}

const firstRow = (page: Page) => page.locator('.account-table tbody tr[data-row-key]').first();

async function main(): Promise<void> {
  await ensureConsoleBuild();
  const url = new URL(loadConfig().databaseUrl);
  url.pathname = '/uam_bench_console';
  const databaseUrl = url.href;
  await ensurePostgres(databaseUrl, ['uam_bench_console']);
  await migrateDatabase(databaseUrl);
  const db = createDb({ databaseUrl, databasePoolMax: 2 });
  console.log(`seeding ${ACCOUNTS} accounts (once)…`);
  const { enterpriseId } = await seedBenchAccounts(db, ACCOUNTS).finally(() => db.destroy());
  const server = await startApiProcess({ DATABASE_URL: databaseUrl, QUEUE_PREFIX: 'uam-bench-console' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const list = `${server.url}/enterprises/${enterpriseId}/accounts?sort=id&order=asc&limit=20`;
  const sorted = `${server.url}/enterprises/${enterpriseId}/accounts?sort=available&order=asc&limit=20`;
  const timings = { api: [] as number[], rows: [] as number[], apiSorted: [] as number[], sortedRows: [] as number[] };
  try {
    await timeApi(list); // warm the server's connection pool and plans, as a console user's earlier visit would
    for (let run = 0; run < RUNS; run++) {
      timings.api.push(await timeApi(list));
      timings.apiSorted.push(await timeApi(sorted));
      // A fresh browser context: nothing cached, signed in for this tab's session as after pasting the token.
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
      await context.addInitScript(`sessionStorage.setItem('uam.token', ${JSON.stringify(BENCH_TOKEN)})`);
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${server.url}/console/`);
      await firstRow(page).waitFor();
      timings.rows.push(performance.now() - started);
      const before = await firstRow(page).getAttribute('data-row-key');
      const clicked = performance.now();
      await page.getByRole('columnheader', { name: 'Available balance' }).click();
      // A string, run in the page (no DOM types here): the first row is another account once sorted.
      await page.waitForFunction(`document.querySelector('.account-table tbody tr[data-row-key]')?.getAttribute('data-row-key') !== ${JSON.stringify(before)}`);
      timings.sortedRows.push(performance.now() - clicked);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const js = firstScreenJs();
  const [api, rows, apiSorted, sortedRows] = [median(timings.api), median(timings.rows), median(timings.apiSorted), median(timings.sortedRows)];
  console.log(`\nconsole tab, ${ACCOUNTS} accounts in one enterprise, median of ${RUNS} runs (fresh browser context each)`);
  console.log(`  navigation → first 20 rows rendered   ${ms(rows)}   (API call alone ${ms(api)}: ${(rows / api).toFixed(1)}×)`);
  console.log(`  click "Available balance" → sorted     ${ms(sortedRows)}   (API call alone ${ms(apiSorted)}: ${(sortedRows / apiSorted).toFixed(1)}×)`);
  console.log(`  JavaScript for the first screen        ${(js.gzip / 1024).toFixed(0)} KB gzipped (${(js.raw / 1024).toFixed(0)} KB raw, ${js.files} file${js.files === 1 ? '' : 's'})`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
