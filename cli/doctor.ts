import type { Config } from '../core/config';
import { type CheckResult, runChecks } from '../scripts/checks';

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

/** `uam doctor`: checks Postgres (and migrations), Redis and Temporal; exit code 1 if any is unwell. */
export async function doctor(config: Config): Promise<number> {
  const results = await runChecks(config);
  console.log(formatChecks(results));
  const bad = results.filter((r) => !r.ok).length;
  console.log(bad ? `\n${bad} problem(s) found.` : '\nAll OK.');
  return bad ? 1 : 0;
}
