import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ApiRefusal } from './client';
import { emit, printJson, table } from './output';
import { EXIT, examples, parseId, run, UsageError } from './run';
import { enterpriseOf } from './scope';

interface Report {
  mode: string; dryRun: boolean; applied: boolean;
  counts: { create: number; update: number; unchanged: number; failed: number };
  rows: Array<{ line: number; externalId: string; action: string; accountId: number | null; changes?: string[] }>;
  errors: Array<{ line: number; field: string; message: string }>;
}

const SHOWN = 50;

function render(r: Report): string {
  const verb = r.dryRun ? 'would be' : 'were';
  const changed = r.rows.filter((row) => row.action !== 'unchanged');
  return [
    `${r.dryRun ? '· dry run: nothing written' : '✓ imported'} — ${r.counts.create} ${verb} created, ${r.counts.update} updated, ${r.counts.unchanged} left alone, ${r.counts.failed} failed`,
    ...(changed.length ? ['', table(changed.slice(0, SHOWN), [
      { header: 'LINE', value: (row) => row.line, right: true }, { header: 'EXTERNAL ID', value: (row) => row.externalId },
      { header: 'ACTION', value: (row) => row.action }, { header: 'ACCOUNT', value: (row) => row.accountId, right: true },
      { header: 'CHANGES', value: (row) => row.changes?.join(', ') },
    ])] : []),
    ...(changed.length > SHOWN ? [`… and ${changed.length - SHOWN} more (--json lists them all)`] : []),
    ...(r.errors.length ? ['', 'not imported:', table(r.errors, [
      { header: 'LINE', value: (e) => e.line, right: true }, { header: 'FIELD', value: (e) => e.field }, { header: 'PROBLEM', value: (e) => e.message },
    ])] : []),
  ].join('\n');
}

/** A JSON file's rows: a list, or an object with `rows`. */
function jsonRows(file: string, text: string): unknown {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? { rows: parsed } : parsed;
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}`);
  }
}

/** The refusal as a table of every bad row (stderr), or as JSON with --json. */
function printRefusal(err: ApiRefusal, json: boolean): void {
  if (json) return printJson({ error: err.body });
  const errors = err.body.details.errors as Report['errors'];
  console.error(`✗ ${err.body.code}: ${errors.length} problem(s); nothing was changed\n${table(errors, [
    { header: 'LINE', value: (e) => e.line, right: true }, { header: 'FIELD', value: (e) => e.field }, { header: 'PROBLEM', value: (e) => e.message },
  ])}`);
}

/** `uam accounts import FILE`: a CSV or JSON file of member accounts, idempotent by externalId. */
export function accountImportCommand(accounts: Command): void {
  accounts
    .command('import')
    .argument('<file>', 'CSV (header: externalId,name[,email][,phone][,events]) or JSON ([{externalId, name, contacts}] or {"rows": [...]})')
    .description('import up to 10,000 member accounts (platform ops): each is created, updated or left alone by its externalId')
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .option('--best-effort', 'write the good rows and report the bad ones (default: any bad row changes nothing)')
    .option('--dry-run', 'show what would be created, updated or left alone; write nothing')
    .addHelpText('after', examples(
      'uam accounts import docs/examples/members.csv --enterprise 3 --dry-run',
      'uam accounts import docs/examples/members.csv --enterprise 3',
      'uam accounts import accounts.json --enterprise 3 --best-effort --json',
    ))
    .action(run(async (ctx, file: string, opts: { enterprise?: number; bestEffort?: boolean; dryRun?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const raw = /\.json$/i.test(file) ? { text: JSON.stringify(jsonRows(file, text)), contentType: 'application/json' }
        : { text, contentType: 'text/csv; charset=utf-8' };
      const enterpriseId = await enterpriseOf(ctx, opts.enterprise);
      const query = { mode: opts.bestEffort ? 'best-effort' : 'all-or-nothing', dryRun: Boolean(opts.dryRun) };
      try {
        const report = await ctx.client.json<Report>('POST', `/enterprises/${enterpriseId}/accounts/import`, { query, raw });
        emit(ctx.json, report, render);
      } catch (err) {
        if (!(err instanceof ApiRefusal) || err.body.code !== 'IMPORT_INVALID') throw err;
        printRefusal(err, ctx.json);
        process.exitCode = EXIT.refused;
      }
    }));
}
