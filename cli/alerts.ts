import { InvalidArgumentError, type Command } from 'commander';
import { emit, record, table } from './output';
import { type CommandContext, examples, parseId, parseIds, parseThreshold, run, UsageError } from './run';
import { enterpriseOf } from './scope';

interface AlertSetting {
  accountId: number; accountName: string; status: string; available: string; threshold: string | null; enabled: boolean; state: string;
  recovered: boolean; runwayDays: number | null; runwayState: string;
}

interface AccountRunway { id: number; name: string; available: string; spendRate: string; runwayDays: string | null }

const settingsTable = (rows: AlertSetting[]) => table(rows, [
  { header: 'ID', value: (s) => s.accountId, right: true },
  { header: 'NAME', value: (s) => s.accountName },
  { header: 'AVAILABLE', value: (s) => s.available, right: true },
  { header: 'THRESHOLD', value: (s) => s.threshold, right: true },
  { header: 'ENABLED', value: (s) => (s.enabled ? 'yes' : 'no') },
  { header: 'STATE', value: (s) => (s.state === 'fired' ? 'FIRED (low)' : s.state) },
  { header: 'RECOVERED MSG', value: (s) => (s.recovered ? 'yes' : 'no') },
  { header: 'RUNWAY ALERT', value: (s) => (s.runwayDays === null ? '-' : `< ${s.runwayDays} days${s.runwayState === 'fired' ? ' FIRED' : ''}`) },
]);

/** Shortest runway first; accounts that consumed nothing in 7 days (no runway to run out) last. */
const byRunway = (a: AccountRunway, b: AccountRunway): number =>
  (a.runwayDays === null ? Infinity : Number(a.runwayDays)) - (b.runwayDays === null ? Infinity : Number(b.runwayDays)) || a.id - b.id;

const runwayTable = (rows: AccountRunway[]) => table(rows, [
  { header: 'ID', value: (a) => a.id, right: true },
  { header: 'NAME', value: (a) => a.name },
  { header: 'AVAILABLE', value: (a) => a.available, right: true },
  { header: 'SPEND/DAY (7 d)', value: (a) => a.spendRate, right: true },
  { header: 'RUNWAY (days)', value: (a) => a.runwayDays ?? 'no spend', right: true },
]);

interface ChangeOptions { threshold?: string; enable?: boolean; disable?: boolean; recovered?: boolean; runwayDays?: number | null }

/** The change to send: a threshold (enabled unless --disable), --enable / --disable, the recovered message, the runway alert. */
function change(opts: ChangeOptions): { threshold?: string; enabled?: boolean; recovered?: boolean; runwayDays?: number | null } {
  if (opts.enable && opts.disable) throw new UsageError('give --enable or --disable, not both');
  const enabled = opts.disable ? false : opts.enable ? true : undefined;
  if (opts.threshold === undefined && enabled === undefined && opts.recovered === undefined && opts.runwayDays === undefined) {
    throw new UsageError('give --threshold, --enable, --disable, --recovered or --runway-days');
  }
  return {
    ...(opts.threshold !== undefined && { threshold: opts.threshold }), ...(enabled !== undefined && { enabled }),
    ...(opts.recovered !== undefined && { recovered: opts.recovered }), ...(opts.runwayDays !== undefined && { runwayDays: opts.runwayDays }),
  };
}

/** --runway-days: 1 to 365, or "off". */
function parseRunwayDays(value: string): number | null {
  if (value === 'off') return null;
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 365) throw new InvalidArgumentError('must be a number of days from 1 to 365, or off');
  return Number(value);
}

/** Every account of the enterprise (as the account list shows it), a page of 500 at a time. */
async function allAccounts(ctx: CommandContext, enterpriseId: number): Promise<AccountRunway[]> {
  const accounts: AccountRunway[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.client.get<{ items: AccountRunway[]; next: string | null }>(`/enterprises/${enterpriseId}/accounts`, { limit: 500, cursor });
    accounts.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return accounts;
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
    .option('--recovered', 'also send a message when the account is back at or above its threshold')
    .option('--no-recovered', 'no "recovered" message')
    .option('--runway-days <days>', 'alert when fewer than this many days of runway are left (1–365, or off)', parseRunwayDays)
    .addHelpText('after', examples('uam alerts set 7 --threshold 500', 'uam alerts set 7 --disable', 'uam alerts set 7 --recovered --runway-days 14'))
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
    .option('--recovered', 'also send a message when an account is back at or above its threshold')
    .option('--no-recovered', 'no "recovered" message')
    .option('--runway-days <days>', 'alert when fewer than this many days of runway are left (1–365, or off)', parseRunwayDays)
    .addHelpText('after', examples(
      'uam alerts batch --accounts 7,8,9 --threshold 1000',
      'uam alerts batch --all --threshold 200',
      'uam alerts batch --accounts 7,8 --disable --json',
    ))
    .action(run(async (ctx, opts: ChangeOptions & { accounts?: number[]; all?: boolean; enterprise?: number }) => {
      if (Boolean(opts.accounts) === Boolean(opts.all)) throw new UsageError('give --accounts <ids> or --all');
      const body = change(opts);
      const accountIds = opts.accounts ?? (await allAccounts(ctx, await enterpriseOf(ctx, opts.enterprise))).map((a) => a.id);
      const res = await ctx.client.post<{ items: AlertSetting[] }>('/alerts/batch', { accountIds, ...body });
      emit(ctx.json, res, (r) => `${settingsTable(r.items)}\n\n✓ ${r.items.length} account(s) changed`);
    }));

  alerts
    .command('runway')
    .description("each account's spend rate over the last 7 days (consumption only) and the days its available quota lasts at that rate, shortest first")
    .option('--enterprise <id>', 'the enterprise (default: your own)', parseId)
    .option('--under <days>', 'only accounts with fewer than this many days of runway', parseId)
    .addHelpText('after', examples('uam alerts runway', 'uam alerts runway --under 14 --json'))
    .action(run(async (ctx, opts: { enterprise?: number; under?: number }) => {
      const rows = (await allAccounts(ctx, await enterpriseOf(ctx, opts.enterprise)))
        .map(({ id, name, available, spendRate, runwayDays }) => ({ id, name, available, spendRate, runwayDays }));
      const items = rows.filter((a) => opts.under === undefined || (a.runwayDays !== null && Number(a.runwayDays) < opts.under)).sort(byRunway);
      emit(ctx.json, { items }, (r) => runwayTable(r.items));
    }));
}
