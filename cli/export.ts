import { createWriteStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import { ACCOUNT_SORTS } from '../db/ledger/account-list';
import { examples, parseId, run } from './run';
import { enterpriseOf } from './scope';
import { withSpinner } from './spinner';

interface ExportOptions {
  enterprise?: number; all?: boolean; output?: string; sort: string; order: string; limit: number; cursor?: string;
  status?: string; alerting?: boolean; search?: string;
}

/** `uam export`: the account list as CSV, streamed from the API to a file or stdout (never held in memory). */
export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('export the account list as CSV (header row, amounts in yuan): one page, or --all accounts')
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .option('--all', 'every account (streamed), not just one page')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addOption(new Option('--sort <column>', 'sort by').choices(ACCOUNT_SORTS).default('id'))
    .addOption(new Option('--order <order>', 'sort order').choices(['asc', 'desc']).default('asc'))
    .option('--limit <n>', 'rows of the page (1-500; ignored with --all)', parseId, 50)
    .option('--cursor <cursor>', 'start after this cursor (from `uam accounts list`)')
    .addOption(new Option('--status <status>', 'only accounts in this status').choices(['active', 'stopped', 'closed']))
    .option('--alerting', 'only accounts whose low-balance alert has fired')
    .option('--search <text>', 'part of the account name')
    .addHelpText('after', examples(
      'uam export --all -o accounts.csv',
      'uam export --sort available --order asc --limit 100 > lowest-100.csv',
      'uam export --enterprise 3 --alerting --all',
    ))
    .action(run(async (ctx, opts: ExportOptions) => {
      const enterpriseId = await enterpriseOf(ctx, opts.enterprise);
      const { sort, order, limit, cursor, status, alerting, search, output } = opts;
      const query = { sort, order, limit, cursor, status, alerting, search, all: Boolean(opts.all) };
      const res = await ctx.client.request('GET', `/enterprises/${enterpriseId}/accounts.csv`, { query });
      const sink: Writable = output ? createWriteStream(output) : process.stdout;
      const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
      await withSpinner(`exporting accounts of enterprise ${enterpriseId}`, pipeline(body, sink, { end: Boolean(output) }));
      if (output) process.stderr.write(`✓ wrote ${output}\n`);
    }));
}
