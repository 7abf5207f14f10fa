/**
 * The console in a real browser: the whole API (with a Temporal worker running the transfer workflows) on a
 * free port against the test services, and Debian's Chromium driven by playwright-core. One browser per test
 * file; pages are reused within a file to keep the suite fast.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoFile } from '../../core/files';
import { startPipeline } from '../alerts/pipeline';
import { expect } from 'vitest';
import { startTestApi, tokensFor, type Api, type Tokens } from '../api/support';
import { fundedEnterprise, type FundedEnterprise } from '../transfers/harness';
import { freshId, testConfig } from '../support';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createLogger } from '../../core/logger';
import { createDb, type Db } from '../../db/connection';
import { installTemporalRuntime } from '../../workers/temporal-runtime';
import { bundleWorkflows, createTemporalWorker } from '../../workers/temporal-worker';
import { ensureConsoleBuild } from '../../scripts/console-build.mjs';

export interface ConsoleOptions { env?: Record<string, string>; notifier?: boolean }

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = repoFile('test', 'console', 'screenshots');

export interface ConsoleHarness {
  db: Db;
  api: Api;
  browser: Browser;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The Temporal task queue its worker polls (a test may start workflows there itself). */
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * uam as `uam start` runs it, in this process on fresh queue names: the API on a free port, a Temporal worker
 * with every activity (transfers, credit limits…) on its own task queue of the test server, the outbox relay
 * and the alert worker (and, with `notifier`, the deliveries of messages and webhooks). Then headless Chromium.
 * `env` configures all of them (e.g. NODE_ENV=development, for webhooks to a receiver on loopback).
 */
export async function startConsole({ env = {}, notifier = false }: ConsoleOptions = {}): Promise<ConsoleHarness> {
  await ensureConsoleBuild();
  const config = testConfig({ ...env, QUEUE_PREFIX: freshId('console'), TEMPORAL_TASK_QUEUE: freshId('console') });
  const logger = createLogger(config, 'console-test');
  installTemporalRuntime(config, logger);
  const db = createDb(config);
  const pipeline = await startPipeline(db, config, { notifier });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createTemporalWorker({
    config, connection, activities: createActivities({ config, db, queues: pipeline.queues, logger }), workflowBundle: await bundleWorkflows(),
  });
  const running = worker.run();
  const api = await startTestApi({ db, queues: pipeline.queues, env: { ...env, QUEUE_PREFIX: config.queuePrefix, TEMPORAL_TASK_QUEUE: config.temporal.taskQueue } });
  const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return {
    db, api, browser, origin: address, taskQueue: config.temporal.taskQueue,
    async close() {
      await browser.close();
      await api.close();
      await worker.stop();
      await running;
      await connection.close();
      await pipeline.close();
      await db.destroy();
    },
  };
}

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser context (own session storage) at the console's sign-in screen. */
export async function openConsole(c: ConsoleHarness, viewport = DESKTOP, locale = 'en-US'): Promise<Page> {
  const context = await c.browser.newContext({ viewport, locale, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${c.origin}/console/`);
  return page;
}

/** Pastes the token and presses Enter, as a person does; waits for the header to name who is signed in. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('API token').fill(token);
  await page.getByLabel('API token').press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * axe-core on what is on screen now (or only `within` a selector, e.g. an open dialog: the page behind its mask
 * is dimmed on purpose): the serious and critical violations, as "rule: target" lines.
 */
export async function accessibilityProblems(page: Page, within = 'document'): Promise<string[]> {
  // A drawer or message still fading in has colours that are not yet its own: let running transitions end first
  // (only those that end: a spinner turning for as long as something loads would keep this waiting for ever).
  await page.evaluate(`Promise.all(document.getAnimations()
    .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
    .map((a) => a.finished.catch(() => undefined)))`);
  await page.addScriptTag({ path: axeSource });
  // A string, run in the page: the test process has no DOM types.
  const violations = await page.evaluate<Array<{ id: string; impact: string; targets: string[] }>>(`axe.run(${within === 'document' ? 'document' : JSON.stringify(within)}, { resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })))`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.targets.join(', ')}`);
}

/** Writes a screenshot of the page to test/console/screenshots/NAME.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** How wide the page's content is, in CSS pixels (wider than the viewport means sideways scrolling). */
export const pageWidth = (page: Page): Promise<number> => page.evaluate<number>('document.documentElement.scrollWidth');

/**
 * The words in Latin letters the page shows (its visible text), less those `allowed` (names, codes, ids): on a
 * 简体中文 screen there should be none left.
 */
export async function englishWords(page: Page, allowed: Array<string | RegExp> = []): Promise<string[]> {
  const text = await page.evaluate<string>('document.body.innerText');
  const words = text.match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) ?? [];
  return [...new Set(words)].filter((w) => !allowed.some((a) => (typeof a === 'string' ? text.includes(a) && a.split(/\s+/).includes(w) : a.test(w))));
}

/** What the screen shows, within the seconds a person would wait (workers judge alerts and move money meanwhile). */
export const seen = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/** The account list's row naming an account (the list's table, not a drawer's). */
export const listRow = (page: Page, name: string) => page.getByRole('table').first().getByRole('row').filter({ hasText: name });

export interface AdminScene {
  c: ConsoleHarness;
  ent: FundedEnterprise;
  tokens: Tokens;
  /** The enterprise admin, signed in at desktop size. */
  admin: Page;
}

/** One browser test file's world: uam and Chromium, an enterprise whose members hold `topUps` (fen), every role's token. */
export async function adminScene(
  topUps: bigint[], prepare?: (db: Db, ent: FundedEnterprise) => Promise<unknown>, options: ConsoleOptions = {},
): Promise<AdminScene> {
  const c = await startConsole(options);
  const ent = await fundedEnterprise(c.db, topUps);
  await prepare?.(c.db, ent);
  const tokens = await tokensFor(c.db, ent);
  const admin = await openConsole(c);
  await signIn(admin, tokens.enterprise_admin);
  return { c, ent, tokens, admin };
}
