import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { canConnect, isLocalHost, parseHostPort, sleep, waitUntil } from './net';
import { repoRoot, toolsDir } from './paths';
import { ProvisionError, type Report, oneLine, printReport } from './report';
import { ensureTemporalBinaries } from './temporal-binaries';

export interface EnsureTemporalOptions {
  address: string;
  namespace?: string;
  /** Web UI port, or null for a headless server. */
  uiPort: number | null;
  /** SQLite file that keeps workflow state across restarts; null keeps it in memory. */
  dbFile: string | null;
  logFile?: string;
  timeoutMs?: number;
  report?: Report;
}

export interface TemporalServer {
  address: string;
  /** Pid of the dev server this call spawned; undefined when one was already answering. */
  pid?: number;
  stop(): Promise<void>;
}

const CLI_TYPE_NAMES = { TEXT: 'Text', KEYWORD: 'Keyword', INT: 'Int', DOUBLE: 'Double', BOOL: 'Bool', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' } as const;

/** Connects and describes the namespace: proof that a real Temporal frontend answers. */
export async function describeTemporal(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 3000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } finally {
    await connection.close();
  }
}

/**
 * Adds the custom search attributes that are missing; leaves existing ones alone. Servers that cannot list
 * them (the time-skipping test server) get all of them added.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  let existing: Record<string, unknown> = {};
  try {
    existing = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    if (!/UNIMPLEMENTED/.test(oneLine(err))) throw err;
  }
  const missing = SEARCH_ATTRIBUTES.filter((key) => !(key.name in existing));
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]));
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  return missing.map((key) => key.name);
}

async function ensureSearchAttributes(address: string, namespace: string): Promise<string[]> {
  const connection = await Connection.connect({ address, connectTimeout: 3000 });
  try {
    return await registerSearchAttributes(connection, namespace);
  } finally {
    await connection.close();
  }
}

function spawnDevServer(cli: string, o: Required<Omit<EnsureTemporalOptions, 'report'>>) {
  const { host, port } = parseHostPort(o.address);
  const args = ['server', 'start-dev', '--ip', host, '--port', String(port), '--log-level', 'warn'];
  args.push(...(o.uiPort === null ? ['--headless'] : ['--ui-port', String(o.uiPort), '--ui-disable-news-fetch']));
  if (o.dbFile) args.push('--db-filename', o.dbFile);
  if (o.namespace !== 'default') args.push('--namespace', o.namespace);
  for (const key of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`);
  mkdirSync(dirname(o.logFile), { recursive: true });
  if (o.dbFile) mkdirSync(dirname(o.dbFile), { recursive: true });
  const log = openSync(o.logFile, 'a');
  // Detached: the dev server outlives `npm start`, so its UI and workflow history stay up between runs.
  const child = spawn(cli, args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = `the Temporal dev server exited early (${signal ?? `code ${code}`}); see ${relative(repoRoot, o.logFile)}`));
  child.once('error', (err) => (exit = `could not run ${cli}: ${oneLine(err)}`));
  return { pid: child.pid, exited: () => exit };
}

async function stopPid(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(); i++) await sleep(100);
  if (alive()) process.kill(pid, 'SIGKILL');
}

/**
 * Makes sure a Temporal frontend answers on `address`: uses the one that is there, or spawns
 * `temporal server start-dev` (local addresses only) and waits for it. Registers the search attributes.
 */
export async function ensureTemporal(options: EnsureTemporalOptions): Promise<TemporalServer> {
  const report = options.report ?? printReport;
  const { port } = parseHostPort(options.address);
  const o = { namespace: 'default', logFile: join(toolsDir, `temporal-${port}.log`), timeoutMs: 60_000, ...options };
  let pid: number | undefined;

  if (await canConnect(parseHostPort(o.address))) {
    await describeTemporal(o.address, o.namespace).catch((err: unknown) => {
      throw new ProvisionError(`something answers on ${o.address} but not as Temporal namespace "${o.namespace}" (${oneLine(err)}); free the port or set TEMPORAL_ADDRESS`);
    });
    report(`✓ Temporal already running at ${o.address}`);
  } else {
    if (!isLocalHost(parseHostPort(o.address).host)) {
      throw new ProvisionError(`Temporal at ${o.address} is not reachable; start it, or unset TEMPORAL_ADDRESS to run a local dev server`);
    }
    const { cli } = await ensureTemporalBinaries(report);
    const server = spawnDevServer(cli, o);
    pid = server.pid;
    if (pid !== undefined) writeFileSync(join(toolsDir, `temporal-${port}.pid`), `${pid}\n`);
    // TCP first (cheap), then a real client call: the frontend can listen before the namespace is ready.
    const answers = async () => (await canConnect(parseHostPort(o.address))) && (await describeTemporal(o.address, o.namespace).then(() => true));
    const up = await waitUntil(answers, { timeoutMs: o.timeoutMs, abort: server.exited });
    if (!up) {
      if (pid !== undefined) await stopPid(pid);
      throw new ProvisionError(`the Temporal dev server did not answer on ${o.address} within ${o.timeoutMs / 1000}s; see ${relative(repoRoot, o.logFile)}`);
    }
    report(`✓ started Temporal dev server at ${o.address} (pid ${pid}, ${o.uiPort === null ? 'no UI' : `UI http://${parseHostPort(o.address).host}:${o.uiPort}`}, log ${relative(repoRoot, o.logFile)})`);
  }

  const added = await ensureSearchAttributes(o.address, o.namespace).catch((err: unknown) => {
    throw new ProvisionError(`could not register Temporal search attributes on ${o.address}: ${oneLine(err)}`);
  });
  report(added.length ? `✓ registered search attributes ${added.join(', ')}` : `✓ search attributes ${SEARCH_ATTRIBUTES.map((k) => k.name).join(', ')} present`);
  return { address: o.address, pid, stop: () => (pid === undefined ? Promise.resolve() : stopPid(pid)) };
}
