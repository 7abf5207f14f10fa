import type { Command } from 'commander';
import { ApiFault } from './client';
import { emit, record } from './output';
import { examples, parseId, run, type CommandContext } from './run';
import { withSpinner } from './spinner';

interface PeriodClose {
  closeId: string;
  period: string;
  enterpriseId: number | null;
  state: 'running' | 'closed' | 'failed';
  stage: string | null;
  accountsClosed: number;
  amountMoved: string;
  couponsExpired: number;
  error: { code: string; message: string } | null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const progress = (c: PeriodClose) => `closing ${c.period} (${c.enterpriseId === null ? 'every enterprise' : `enterprise ${c.enterpriseId}`}): `
  + `${c.accountsClosed} account${c.accountsClosed === 1 ? '' : 's'}, ${c.amountMoved} yuan moved${c.stage ? `, ${c.stage.replace(/_/g, ' ')}` : ''}`;

const show = (c: PeriodClose) => record([
  ['period', c.period], ['enterprises', c.enterpriseId === null ? 'all' : String(c.enterpriseId)], ['state', c.state],
  ['accounts closed', c.accountsClosed], ['moved to historical', `${c.amountMoved} yuan`], ['coupons expired', c.couponsExpired],
  ['close id', c.closeId], ...(c.error ? [['error', `${c.error.code}: ${c.error.message}`] as [string, unknown]] : []),
]);

/** Polls the close until it is no longer running, showing its progress on stderr. */
async function follow(ctx: CommandContext, started: PeriodClose, path: string): Promise<PeriodClose> {
  let current = started;
  return withSpinner(() => progress(current), async () => {
    for (let delay = 100; current.state === 'running'; delay = Math.min(delay * 2, 1000)) {
      await pause(delay);
      current = await ctx.client.get<PeriodClose>(path);
    }
    return current;
  });
}

/** `uam billing close`: close a billing period by hand and report what moved (platform ops). */
export function billingCloseCommand(billing: Command): void {
  billing.command('close')
    .description("close a billing period: each account's monthly uncleared of that month becomes historical (every enterprise, or one)")
    .requiredOption('--period <YYYY-MM>', 'the billing month to close; it must have ended in the billing time zone')
    .option('--enterprise <id>', 'close only this enterprise (default: every enterprise)', parseId)
    .addHelpText('after', examples('uam billing close --period 2026-11', 'uam billing close --period 2026-11 --enterprise 7'))
    .action(run(async (ctx, opts: { period: string; enterprise?: number }) => {
      // The API checks the period (and names it when it refuses it).
      const base = `/billing/periods/${encodeURIComponent(opts.period)}/close`;
      const path = `${base}${opts.enterprise === undefined ? '' : `?enterpriseId=${opts.enterprise}`}`;
      const started = await ctx.client.json<PeriodClose>('POST', base, {
        body: opts.enterprise === undefined ? {} : { enterpriseId: opts.enterprise },
      });
      const done = await follow(ctx, started, path);
      emit(ctx.json, done, show);
      if (done.state === 'failed') throw new ApiFault(`the close failed${done.error ? `: ${done.error.code}: ${done.error.message}` : ''}`);
    }));
}
