import type { Command } from 'commander';
import { addListOptions, listQuery, type ListOptions } from './list-options';
import type { Column } from './output';
import { emit, record, table } from './output';
import { examples, parseId, run } from './run';
import { enterpriseOf } from './scope';

/** An account as the API shows it (amounts are yuan strings). */
export interface AccountView {
  id: number; enterpriseId: number; kind: string; name: string; externalId: string | null; status: string;
  available: string; cashBalance: string; ownCash: string; transferBook: string; held: string; creditLimit: string;
  creditRefund: string; monthlyUncleared: string; historicalUncleared: string; couponBalance: string; validCoupons: number;
  alertThreshold: string | null; alertEnabled: boolean; alertStatus: string;
  transferBooks?: Array<{ sourceAccountId: number; balance: string }>;
}

/** off; ok (watching, threshold); LOW (fired: available is below the threshold). */
export function alertCell(a: Pick<AccountView, 'alertStatus' | 'alertThreshold'>): string {
  if (a.alertStatus === 'off' || a.alertThreshold === null) return 'off';
  return `${a.alertStatus === 'fired' ? 'LOW' : 'ok'} (< ${a.alertThreshold})`;
}

export const ACCOUNT_COLUMNS: Column<AccountView>[] = [
  { header: 'ID', value: (a) => a.id, right: true },
  { header: 'NAME', value: (a) => a.name },
  { header: 'TYPE', value: (a) => a.kind },
  { header: 'STATUS', value: (a) => a.status },
  { header: 'AVAILABLE', value: (a) => a.available, right: true },
  { header: 'CASH', value: (a) => a.cashBalance, right: true },
  { header: 'TRANSFER BOOK', value: (a) => a.transferBook, right: true },
  { header: 'CREDIT LIMIT', value: (a) => a.creditLimit, right: true },
  { header: 'COUPONS', value: (a) => `${a.couponBalance} (${a.validCoupons})`, right: true },
  { header: 'ALERT', value: alertCell },
];

export function accountCommands(program: Command): Command {
  const accounts = program.command('accounts').description("list and show accounts; add, rename, close, reopen and import them; their contacts")
    .addHelpText('after', examples('uam accounts list --sort available', 'uam accounts show 7', 'uam accounts import members.csv --enterprise 3', 'uam accounts close 7'));

  addListOptions(accounts
    .command('list')
    .description("an enterprise's accounts with available balance, cash, transfer book, coupons and alert status"), 'rows per page (1-500)')
    .addHelpText('after', examples(
      'uam accounts list',
      'uam accounts list --sort available --order asc --limit 10',
      'uam accounts list --enterprise 3 --alerting --json',
    ))
    .action(run(async (ctx, opts: ListOptions) => {
      const enterpriseId = await enterpriseOf(ctx, opts.enterprise);
      const page = await ctx.client.get<{ items: AccountView[]; next: string | null }>(`/enterprises/${enterpriseId}/accounts`, listQuery(opts));
      emit(ctx.json, page, (p) =>
        `${table(p.items, ACCOUNT_COLUMNS)}\n${p.next ? `\nmore: uam accounts list --sort ${opts.sort} --order ${opts.order} --cursor ${p.next}` : ''}`);
    }));

  accounts
    .command('show')
    .argument('<account>', 'account id', parseId)
    .description("one account's figures, including its transfer books per source account")
    .addHelpText('after', examples('uam accounts show 7', 'uam accounts show 7 --json'))
    .action(run(async (ctx, account: number) => {
      const a = await ctx.client.get<AccountView>(`/accounts/${account}`);
      emit(ctx.json, a, () => [
        record([
          ['account', `${a.id} ${a.name} (${a.kind}, enterprise ${a.enterpriseId})`], ['status', a.status],
          ['available quota', a.available], ['cash balance', a.cashBalance], ['  own cash', a.ownCash],
          ['  transfer book', a.transferBook], ['held', a.held], ['credit limit', a.creditLimit], ['credit refund', a.creditRefund],
          ['monthly uncleared', a.monthlyUncleared], ['historical uncleared', a.historicalUncleared],
          ['coupons', `${a.couponBalance} (${a.validCoupons} valid)`],
          ['alert', a.alertThreshold === null ? a.alertStatus : `${a.alertStatus}, threshold ${a.alertThreshold}${a.alertEnabled ? '' : ' (disabled)'}`],
        ]),
        ...(a.transferBooks?.length ? ['', 'transfer books by source:', table(a.transferBooks, [
          { header: 'FROM ACCOUNT', value: (b) => b.sourceAccountId, right: true },
          { header: 'BALANCE', value: (b) => b.balance, right: true },
        ])] : []),
      ].join('\n'));
    }));

  accounts
    .command('history')
    .argument('<account>', 'account id', parseId)
    .description("the account's transactions (ledger entries on its books), newest first")
    .option('--limit <n>', 'entries (1-500)', parseId, 50)
    .option('--before <id>', 'entries older than this entry id (the "next" of the previous page)')
    .addHelpText('after', examples('uam accounts history 7', 'uam accounts history 7 --limit 200 --json'))
    .action(run(async (ctx, account: number, opts: { limit: number; before?: string }) => {
      type Entry = { id: string; transactionId: string; kind: string; book: string; sourceAccountId: number | null; amount: string; actor: string; createdAt: string };
      const page = await ctx.client.get<{ items: Entry[]; next: string | null }>(`/accounts/${account}/transactions`, opts);
      emit(ctx.json, page, (p) => table(p.items, [
        { header: 'WHEN', value: (e) => e.createdAt.replace('T', ' ').slice(0, 19) },
        { header: 'TXN', value: (e) => e.transactionId, right: true },
        { header: 'KIND', value: (e) => e.kind },
        { header: 'BOOK', value: (e) => (e.sourceAccountId ? `${e.book} (from ${e.sourceAccountId})` : e.book) },
        { header: 'AMOUNT', value: (e) => e.amount, right: true },
        { header: 'BY', value: (e) => e.actor },
      ]) + (p.next ? `\nmore: --before ${p.next}` : ''));
    }));
  return accounts;
}
