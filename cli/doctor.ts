import type { Config } from '../core/config';
import type { QueueHealth } from '../queues/queue-health';
import type { CheckResult } from '../scripts/checks';
import { systemHealth } from '../services/health';

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
    ['QUEUE', 'WAITING', 'ACTIVE', 'DELAYED', 'FAILED', 'COMPLETED', 'WORKERS'],
    ...queues.map((q) => [q.name, q.waiting, q.active, q.delayed, q.failed, q.completed, q.workers].map(String)),
  ]);
}

/**
 * `uam doctor`: checks Postgres, its migrations, Redis and Temporal; exit code 1 if any is unwell. A Redis that
 * keeps nothing on disk is a warning, not a problem: nothing is lost for good, but work waits for the re-drive.
 */
export async function doctor(config: Config): Promise<number> {
  const { checks: results, queues, redisWarning } = await systemHealth(config);
  console.log(formatChecks(results));
  if (results.find((r) => r.component === 'Redis')?.ok) {
    console.log(redisWarning ? `\nWARNING: ${redisWarning}` : '\nRedis persistence: append-only file on');
    console.log(queues.ok ? `\n${formatQueues(queues.queues)}` : `\nqueue counts unavailable: ${queues.error}`);
  }
  const bad = results.filter((r) => !r.ok).length;
  console.log(bad ? `\n${bad} problem(s) found.` : '\nAll OK.');
  return bad ? 1 : 0;
}
