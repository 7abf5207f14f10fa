import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { billingCloseCommand } from './billing-close';
import { billingImportCommand } from './billing-import';
import { emit, record } from './output';
import { examples, parseAmount, parseId, run } from './run';

interface Posted {
  transactionId: string;
  replayed: boolean;
  couponId: string | null;
  account: { id: number; name: string; ownCash: string; available: string; monthlyUncleared: string; status: string; validCoupons: number };
}

const POSTINGS = [
  ['top-up', 'top-ups', "add to an account's own cash"],
  ['charge', 'charges', 'post a usage charge (coupons, transfer books, own cash, then credit)'],
  ['repay', 'repayments', 'repay credit-paid usage (historical first)'],
  ['refund', 'credit-refunds', 'refund usage that was paid on credit'],
] as const;

const show = (p: Posted) => record([
  ['transaction', `${p.transactionId}${p.replayed ? ' (already posted: nothing moved)' : ''}`],
  ...(p.couponId ? [['coupon', p.couponId] as [string, unknown]] : []),
  ['account', `${p.account.id} ${p.account.name}`], ['own cash', p.account.ownCash], ['monthly uncleared', p.account.monthlyUncleared],
  ['available', p.account.available], ['status', p.account.status],
]);

/** `uam billing …`: what the platform's billing system posts (platform ops tokens). */
export function billingCommands(program: Command): void {
  const billing = program.command('billing').description("post the platform's money events to an account (platform ops)")
    .addHelpText('after', examples('uam billing top-up 7 500 --event pay-20261126-001', 'uam billing charge 7 12.34 --period 2026-11', 'uam billing coupon 7 50 --days 30',
      'uam billing close --period 2026-11'));
  for (const [name, path, description] of POSTINGS) {
    const command = billing.command(name).argument('<account>', 'account id', parseId).argument('<amount>', 'yuan, e.g. 12.34', parseAmount)
      .description(description)
      .option('--event <id>', "the billing system's event id: posting the same id again moves nothing (default: a new id)")
      .addHelpText('after', examples(`uam billing ${name} 7 100 --event evt-42`));
    if (name === 'charge') command.option('--period <YYYY-MM>', 'the billing month of the usage (default: this month in the billing time zone)');
    command.action(run(async (ctx, account: number, amount: string, opts: { event?: string; period?: string }) => {
      const posted = await ctx.client.json<Posted>('POST', `/accounts/${account}/${path}`, {
        body: { amount, ...(opts.period !== undefined && { period: opts.period }) }, headers: { 'idempotency-key': opts.event ?? randomUUID() },
      });
      emit(ctx.json, posted, show);
    }));
  }
  billing.command('coupon').argument('<account>', 'account id', parseId).argument('<amount>', 'yuan', parseAmount)
    .description('issue a coupon valid from now for --days days')
    .option('--days <n>', 'days of validity', (v) => parseId(v), 30)
    .option('--event <id>', "the billing system's event id (default: a new id)")
    .addHelpText('after', examples('uam billing coupon 7 50 --days 14'))
    .action(run(async (ctx, account: number, amount: string, opts: { days: number; event?: string }) => {
      const validFrom = new Date();
      const validTo = new Date(validFrom.getTime() + opts.days * 86_400_000);
      const posted = await ctx.client.json<Posted>('POST', `/accounts/${account}/coupons`, {
        body: { amount, validFrom: validFrom.toISOString(), validTo: validTo.toISOString() }, headers: { 'idempotency-key': opts.event ?? randomUUID() },
      });
      emit(ctx.json, posted, show);
    }));
  billingCloseCommand(billing);
  billingImportCommand(billing);
}
