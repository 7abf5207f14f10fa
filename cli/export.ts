import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { addListOptions, listQuery, type ListOptions } from './list-options';
import { examples, run } from './run';
import { enterpriseOf } from './scope';
import { withSpinner } from './spinner';

interface ExportOptions extends ListOptions {
  all?: boolean;
  output?: string;
}

/** `uam export`: the account list as CSV, streamed from the API to a file or stdout (never held in memory). */
export function exportCommand(program: Command): void {
  addListOptions(program
    .command('export')
    .description('export the account list as CSV (header row, amounts in yuan): one page, or --all accounts'), 'rows of the page (1-500; ignored with --all)')
    .option('--all', 'every account (streamed), not just one page')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText('after', examples(
      'uam export --all -o accounts.csv',
      'uam export --sort available --order asc --limit 100 > lowest-100.csv',
      'uam export --enterprise 3 --alerting --all',
    ))
    .action(run(async (ctx, opts: ExportOptions) => {
      const enterpriseId = await enterpriseOf(ctx, opts.enterprise);
      const res = await ctx.client.request('GET', `/enterprises/${enterpriseId}/accounts.csv`, { query: { ...listQuery(opts), all: Boolean(opts.all) } });
      const output = opts.output;
      const sink: Writable = output ? createWriteStream(output) : process.stdout;
      await withSpinner(`exporting accounts of enterprise ${enterpriseId}`, pipeline(res.body, sink, { end: Boolean(output) }));
      if (output) process.stderr.write(`✓ wrote ${output}\n`);
    }));
}
