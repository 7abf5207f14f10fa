import type { Command } from 'commander';
import { ApiRefusal } from './client';
import { ACCOUNT_COLUMNS, type AccountView } from './accounts';
import { CONTACT_HELP, collectContact, contactsTable, type ContactView } from './contacts';
import { emit, record, table } from './output';
import { EXIT, examples, parseId, run, UsageError } from './run';
import { enterpriseOf } from './scope';

const accountLine = (a: AccountView) => table([a], ACCOUNT_COLUMNS);

/** `uam accounts add|rename|close|reopen|contacts`: member accounts in the directory. */
export function accountDirectoryCommands(accounts: Command): void {
  accounts
    .command('add')
    .description('add a member account (platform ops); with an --external-id that exists already, shows that one')
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .requiredOption('--name <name>', 'the account name (1-200 characters)')
    .option('--external-id <id>', "the platform's own identifier (makes adding idempotent)")
    .option('--contact <contact>', `a contact (repeatable): ${CONTACT_HELP}`, collectContact)
    .addHelpText('after', examples(
      'uam accounts add --enterprise 3 --name "Data team" --external-id crm-acct-77 --contact data@acme.example',
      'uam accounts add --enterprise 3 --name "Ops" --contact 13800000000=low_balance,account_stopped --json',
    ))
    .action(run(async (ctx, opts: { enterprise?: number; name: string; externalId?: string; contact?: ContactView[] }) => {
      const enterpriseId = await enterpriseOf(ctx, opts.enterprise);
      const res = await ctx.client.post<{ created: boolean; account: AccountView }>(`/enterprises/${enterpriseId}/accounts`, {
        name: opts.name, ...(opts.externalId && { externalId: opts.externalId }), contacts: opts.contact ?? [],
      });
      emit(ctx.json, res, (r) => `${r.created ? '✓ added' : '· exists already (nothing changed)'}\n${accountLine(r.account)}`);
    }));

  accounts
    .command('rename')
    .argument('<account>', 'account id', parseId)
    .description('rename an account (platform ops; the enterprise admin) or change its external id (platform ops)')
    .option('--name <name>', 'the new name')
    .option('--external-id <id>', "the platform's identifier ('' removes it)")
    .addHelpText('after', examples('uam accounts rename 17 --name "Data platform team"', 'uam accounts rename 17 --external-id crm-acct-78'))
    .action(run(async (ctx, account: number, opts: { name?: string; externalId?: string }) => {
      if (opts.name === undefined && opts.externalId === undefined) throw new UsageError('give --name and/or --external-id');
      const a = await ctx.client.patch<AccountView>(`/accounts/${account}`, { name: opts.name, externalId: opts.externalId === '' ? null : opts.externalId });
      emit(ctx.json, a, () => `✓ updated\n${accountLine(a)}`);
    }));

  for (const verb of ['close', 'reopen'] as const) {
    accounts
      .command(verb)
      .argument('<account>', 'account id', parseId)
      .description(verb === 'close'
        ? 'close an account that holds nothing (platform ops): refused while it holds cash, a transfer book, credit, debt, a hold or withdrawable funds it sent, each listed'
        : 'reopen a closed account (platform ops)')
      .option('--reason <text>', 'why (kept with the change record)')
      .addHelpText('after', examples(`uam accounts ${verb} 17`, `uam accounts ${verb} 17 --reason "team ${verb === 'close' ? 'dissolved' : 'restarted'}" --json`))
      .action(run(async (ctx, account: number, opts: { reason?: string }) => {
        try {
          const res = await ctx.client.post<{ changed: boolean; account: AccountView }>(`/accounts/${account}/${verb}`, opts.reason ? { reason: opts.reason } : {});
          emit(ctx.json, res, (r) => `${r.changed ? `✓ ${verb === 'close' ? 'closed' : 'reopened'}` : `· already ${r.account.status} (nothing changed)`}\n${accountLine(r.account)}`);
        } catch (err) {
          if (!(err instanceof ApiRefusal) || err.body.code !== 'ACCOUNT_NOT_EMPTY' || ctx.json) throw err;
          const left = err.body.details.left as Array<{ kind: string; amount: string }>;
          console.error(`✗ ACCOUNT_NOT_EMPTY: account ${account} still holds money; nothing changed\n${table(left, [
            { header: 'WHAT', value: (l) => l.kind.replace(/_/g, ' ') }, { header: 'YUAN', value: (l) => l.amount, right: true },
          ])}`);
          process.exitCode = EXIT.refused;
        }
      }));
  }

  accounts
    .command('contacts')
    .argument('<account>', 'account id', parseId)
    .description("show an account's contacts, or change them: --set replaces them all, --add / --remove one at a time")
    .option('--set <contact>', `the new list (repeatable): ${CONTACT_HELP}`, collectContact)
    .option('--add <contact>', `add one (repeatable): ${CONTACT_HELP}`, collectContact)
    .option('--remove <address>', 'remove this address (repeatable)', (v: string, prev: string[] = []) => [...prev, v.toLowerCase()])
    .option('--clear', 'remove them all')
    .addHelpText('after', examples(
      'uam accounts contacts 17',
      'uam accounts contacts 17 --add ops@acme.example=low_balance,account_stopped',
      'uam accounts contacts 17 --set data@acme.example --set 13800000000=low_balance',
      'uam accounts contacts 17 --remove old@acme.example --json',
    ))
    .action(run(async (ctx, account: number, opts: { set?: ContactView[]; add?: ContactView[]; remove?: string[]; clear?: boolean }) => {
      type Contacts = { accountId: number; contacts: ContactView[] };
      const changing = opts.set || opts.add || opts.remove || opts.clear;
      if (opts.set && opts.clear) throw new UsageError('give --set or --clear, not both');
      let res = await ctx.client.get<Contacts>(`/accounts/${account}/contacts`);
      if (changing) {
        const base = opts.clear ? [] : opts.set ?? res.contacts;
        const contacts = [...base.filter((c) => !opts.remove?.includes(c.address.toLowerCase())), ...(opts.add ?? [])];
        res = await ctx.client.put<Contacts>(`/accounts/${account}/contacts`, { contacts });
      }
      emit(ctx.json, res, (r) => `${changing ? '✓ contacts changed\n' : ''}${record([['account', r.accountId]])}\n${contactsTable(r.contacts)}`);
    }));
}
