import type { Config } from '../core/config';
import { type CheckResult, runChecks } from '../scripts/checks';
import { redisPersistence } from '../scripts/redis-persistence';
import { type QueueHealth, queueHealth } from '../workers/queue-health';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function formatChecks(results: CheckResult[]): string {
  return table([
    ['COMPONENT', 'ADDRESS', 'STATUS', 'HINT'],
    ...results.map((r) => [r.component, r.address, r.ok ? r.detail : `PROBLEM: ${r.detail}`, r.hint ?? '']),
  ]);
}

/** Job counts per BullMQ queue; failed jobs are kept a week for a look in /admin/queues, not a doctor problem. */
export function formatQueues(queues: QueueHealth[]): string {
  return table([
    ['QUEUE', 'WAITING', 'ACTIVE', 'DELAYED', 'FAILED', 'WORKERS'],
    ...queues.map((q) => [q.name, q.waiting, q.active, q.delayed, q.failed, q.workers].map(String)),
  ]);
}

/**
 * `uam doctor`: checks Postgres (and migrations), Redis and Temporal; exit code 1 if any is unwell. A Redis that
 * keeps nothing on disk is a warning, not a problem: nothing is lost for good, but work waits for the re-drive.
 */
export async function doctor(config: Config): Promise<number> {
  const results = await runChecks(config);
  console.log(formatChecks(results));
  if (results.find((r) => r.component === 'Redis')?.ok) {
    const persistence = await redisPersistence(config.redisUrl).catch((err: unknown) => ({ warning: `Redis persistence unknown: ${String(err)}`, aof: false }));
    console.log(persistence.warning ? `\nWARNING: ${persistence.warning}` : '\nRedis persistence: append-only file on');
    const health = await queueHealth(config);
    console.log(health.ok ? `\n${formatQueues(health.queues)}` : `\nqueue counts unavailable: ${health.error}`);
  }
  const bad = results.filter((r) => !r.ok).length;
  console.log(bad ? `\n${bad} problem(s) found.` : '\nAll OK.');
  return bad ? 1 : 0;
}
