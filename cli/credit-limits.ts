import { randomUUID } from 'node:crypto';
import { type Command, InvalidArgumentError } from 'commander';
import { formatYuan, parseYuan } from '../domain/money';
import { emit, table } from './output';
import { type CommandContext, examples, parseAmount, parseId, parseThreshold, run, UsageError } from './run';
import { enterpriseOf } from './scope';
import { showPreview } from './preview';
import { withSpinner } from './spinner';

interface LimitResult { transactionId: string; replayed: boolean; changes: Array<{ accountId: number; oldLimit: string; newLimit: string }> }
interface Change { id: string; accountId: number | null; actor: string; oldLimit: string; newLimit: string; reason: string; createdAt: string }

const changesTable = (r: LimitResult) => table(r.changes, [
  { header: 'ACCOUNT', value: (c) => c.accountId, right: true },
  { header: 'OLD LIMIT', value: (c) => c.oldLimit, right: true },
  { header: 'NEW LIMIT', value: (c) => c.newLimit, right: true },
]) + (r.replayed ? '\n(already done earlier with this --key: nothing changed again)' : '');

/** A signed amount such as "+500" or "-250.50". */
const parseDelta = (value: string): string => {
  try {
    return formatYuan(parseYuan(value.replace(/^\+/, ''), { allowNegative: true, field: 'delta' }));
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^delta: /, ''));
  }
};

/** Sends a limit change under an idempotency key (a retry of the command with --key changes nothing twice). */
async function send(ctx: CommandContext, method: 'PUT' | 'POST', path: string, body: object, key?: string): Promise<void> {
  const headers = { 'idempotency-key': key ?? randomUUID() };
  emit(ctx.json, await withSpinner('changing credit limits', ctx.client.json<LimitResult>(method, path, { body, headers })), changesTable);
}

/** The options every limit change takes: why, whether stopping is accepted, preview only, and its key. */
const changeOptions = (cmd: Command, acceptStop: string, preview: string): Command => cmd
  .option('--reason <text>', 'why (kept in the change record; required unless --preview)')
  .option('--accept-stop', acceptStop)
  .option('--preview', `change nothing: ${preview}`)
  .option('--key <key>', 'idempotency key: repeating the command with it changes nothing twice (default: random)');

/** `uam credit assign|move|history`: members' credit limits and the change records of every limit. */
export function creditLimitCommands(credit: Command): void {
  changeOptions(credit
    .command('assign')
    .argument('<account>', 'member account id', parseId)
    .description("set a member's credit limit (--limit) or change it (--delta), out of the enterprise's available credit (MA account)")
    .option('--limit <yuan>', 'the new limit', parseThreshold)
    .option('--delta <yuan>', 'raise (+) or lower (-) the limit by this much', parseDelta),
  'lower it even though the account will then be stopped', 'show how far the limit may go now and what limits it (with --limit)')
    .addHelpText('after', examples('uam credit assign 7 --limit 3000 --reason "team budget"', 'uam credit assign 7 --limit 0 --preview', 'uam credit assign 7 --delta -500 --reason "cut" --accept-stop'))
    .action(run(async (ctx, account: number, opts: { limit?: string; delta?: string; reason?: string; acceptStop?: boolean; preview?: boolean; key?: string }) => {
      if (opts.preview) {
        if (opts.limit === undefined) throw new UsageError('--preview needs --limit');
        return showPreview(ctx, `/accounts/${account}/credit-limit/preview`, { newLimit: opts.limit, acceptStop: opts.acceptStop });
      }
      if ((opts.limit === undefined) === (opts.delta === undefined)) throw new UsageError('give --limit or --delta');
      if (!opts.reason) throw new UsageError('give --reason <text>: it is kept in the change record');
      const body = { reason: opts.reason, ...(opts.limit && { newLimit: opts.limit }), ...(opts.delta && { delta: opts.delta }), ...(opts.acceptStop && { acceptStop: true }) };
      await send(ctx, 'PUT', `/accounts/${account}/credit-limit`, body, opts.key);
    }));

  changeOptions(credit
    .command('move')
    .description('move credit limit from one member to another in one step (MA account)')
    .requiredOption('--from <account>', 'member giving up limit', parseId)
    .requiredOption('--to <account>', 'member receiving it', parseId)
    .option('--amount <yuan>', 'how much limit (required unless --preview)', parseAmount),
  'even if the giving account will then be stopped', 'show the most that may move now and what limits it')
    .addHelpText('after', examples('uam credit move --from 7 --to 8 --amount 1000 --reason "rebalance"', 'uam credit move --from 7 --to 8 --preview'))
    .action(run(async (ctx, opts: { from: number; to: number; amount?: string; reason?: string; acceptStop?: boolean; preview?: boolean; key?: string }) => {
      if (opts.preview) return showPreview(ctx, '/credit-limit-moves/preview', { from: opts.from, to: opts.to, amount: opts.amount, acceptStop: opts.acceptStop });
      if (!opts.amount || !opts.reason) throw new UsageError('give --amount <yuan> and --reason <text> (or --preview)');
      const body = { fromAccountId: opts.from, toAccountId: opts.to, amount: opts.amount, reason: opts.reason, ...(opts.acceptStop && { acceptStop: true }) };
      await send(ctx, 'POST', '/credit-limit-moves', body, opts.key);
    }));

  credit
    .command('history')
    .description("change records of a member's credit limit (--account) or of the enterprise total (default)")
    .option('--account <id>', 'a member account', parseId)
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .option('--limit <n>', 'records (1-500)', parseId, 50)
    .addHelpText('after', examples('uam credit history', 'uam credit history --account 7', 'uam credit history --enterprise 3 --json'))
    .action(run(async (ctx, opts: { account?: number; enterprise?: number; limit: number }) => {
      const path = opts.account ? `/accounts/${opts.account}/credit/history` : `/enterprises/${await enterpriseOf(ctx, opts.enterprise)}/credit/history`;
      const page = await ctx.client.get<{ items: Change[] }>(path, { limit: opts.limit });
      emit(ctx.json, page, (p) => table(p.items, [
        { header: 'WHEN', value: (c) => c.createdAt.replace('T', ' ').slice(0, 19) },
        { header: 'OLD', value: (c) => c.oldLimit, right: true },
        { header: 'NEW', value: (c) => c.newLimit, right: true },
        { header: 'BY', value: (c) => c.actor },
        { header: 'WHY', value: (c) => c.reason },
      ]));
    }));
}
