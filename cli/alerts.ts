import type { Command } from 'commander';
import { emit, record, table } from './output';
import { type CommandContext, examples, parseId, parseIds, parseThreshold, run, UsageError } from './run';
import { enterpriseOf } from './scope';

interface AlertSetting {
  accountId: number; accountName: string; status: string; available: string; threshold: string | null; enabled: boolean; state: string;
}

const settingsTable = (rows: AlertSetting[]) => table(rows, [
  { header: 'ID', value: (s) => s.accountId, right: true },
  { header: 'NAME', value: (s) => s.accountName },
  { header: 'AVAILABLE', value: (s) => s.available, right: true },
  { header: 'THRESHOLD', value: (s) => s.threshold, right: true },
  { header: 'ENABLED', value: (s) => (s.enabled ? 'yes' : 'no') },
  { header: 'STATE', value: (s) => (s.state === 'fired' ? 'FIRED (low)' : s.state) },
]);

interface ChangeOptions { threshold?: string; enable?: boolean; disable?: boolean }

/** The change to send: a threshold (enabled unless --disable), or only --enable / --disable. */
function change(opts: ChangeOptions): { threshold?: string; enabled?: boolean } {
  if (opts.enable && opts.disable) throw new UsageError('give --enable or --disable, not both');
  const enabled = opts.disable ? false : opts.enable ? true : undefined;
  if (opts.threshold === undefined && enabled === undefined) throw new UsageError('give --threshold, --enable or --disable');
  return { ...(opts.threshold !== undefined && { threshold: opts.threshold }), ...(enabled !== undefined && { enabled }) };
}

/** Every account id of the enterprise, a page of 500 at a time. */
async function allAccountIds(ctx: CommandContext, enterpriseId: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.client.get<{ items: Array<{ id: number }>; next: string | null }>(`/enterprises/${enterpriseId}/accounts`, { limit: 500, cursor });
    ids.push(...page.items.map((a) => a.id));
    cursor = page.next ?? undefined;
  } while (cursor);
  return ids;
}

export function alertCommands(program: Command): void {
  const alerts = program.command('alerts').description('low-balance alerts: see and set thresholds, one account or many at once')
    .addHelpText('after', examples('uam alerts show 7', 'uam alerts set 7 --threshold 500', 'uam alerts batch --accounts 7,8,9 --threshold 1000'));

  alerts
    .command('show')
    .argument('<account>', 'account id', parseId)
    .description("an account's alert threshold, whether it is on, and whether it has fired")
    .addHelpText('after', examples('uam alerts show 7'))
    .action(run(async (ctx, account: number) => {
      const s = await ctx.client.get<AlertSetting>(`/accounts/${account}/alert`);
      emit(ctx.json, s, () => record([['account', `${s.accountId} ${s.accountName}`], ['available', s.available], ['threshold', s.threshold],
        ['enabled', s.enabled ? 'yes' : 'no'], ['state', s.state]]));
    }));

  alerts
    .command('set')
    .argument('<account>', 'account id', parseId)
    .description("set one account's low-balance threshold (yuan) and turn its alert on (or --disable)")
    .option('--threshold <yuan>', 'alert when available quota falls below this', parseThreshold)
    .option('--enable', 'turn the alert on (keeps the threshold)')
    .option('--disable', 'turn the alert off (keeps the threshold)')
    .addHelpText('after', examples('uam alerts set 7 --threshold 500', 'uam alerts set 7 --disable'))
    .action(run(async (ctx, account: number, opts: ChangeOptions) => {
      const s = await ctx.client.put<AlertSetting>(`/accounts/${account}/alert`, change(opts));
      emit(ctx.json, s, () => settingsTable([s]));
    }));

  alerts
    .command('batch')
    .description('one threshold and on/off for many accounts at once: all of them change, or none')
    .option('--accounts <ids>', 'comma-separated account ids', parseIds)
    .option('--all', 'every account of the enterprise')
    .option('--enterprise <id>', 'with --all: the enterprise (default: your own)', parseId)
    .option('--threshold <yuan>', 'alert when available quota falls below this', parseThreshold)
    .option('--enable', 'turn the alerts on (keeps thresholds)')
    .option('--disable', 'turn the alerts off (keeps thresholds)')
    .addHelpText('after', examples(
      'uam alerts batch --accounts 7,8,9 --threshold 1000',
      'uam alerts batch --all --threshold 200',
      'uam alerts batch --accounts 7,8 --disable --json',
    ))
    .action(run(async (ctx, opts: ChangeOptions & { accounts?: number[]; all?: boolean; enterprise?: number }) => {
      if (Boolean(opts.accounts) === Boolean(opts.all)) throw new UsageError('give --accounts <ids> or --all');
      const body = change(opts);
      const accountIds = opts.accounts ?? (await allAccountIds(ctx, await enterpriseOf(ctx, opts.enterprise)));
      const res = await ctx.client.post<{ items: AlertSetting[] }>('/alerts/batch', { accountIds, ...body });
      emit(ctx.json, res, (r) => `${settingsTable(r.items)}\n\n✓ ${r.items.length} account(s) changed`);
    }));
}
