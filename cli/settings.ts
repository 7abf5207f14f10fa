import type { Command } from 'commander';
import { CONTACT_HELP, collectContact, contactsTable, type ContactView } from './contacts';
import { emit, record } from './output';
import { examples, parseId, parseThreshold, run, UsageError } from './run';
import { enterpriseOf } from './scope';

interface Settings { enterpriseId: number; approvalThreshold: string | null; financeContacts: ContactView[] }

const show = (s: Settings) =>
  `${record([['enterprise', s.enterpriseId], ['approval at', s.approvalThreshold ? `${s.approvalThreshold} yuan and more wait for a second admin` : 'off']])}\n\n` +
  `finance contacts (enterprise-wide messages):\n${contactsTable(s.financeContacts)}`;

/** `uam settings`: the enterprise's own settings (its enterprise admin changes them). */
export function settingsCommands(program: Command): void {
  const settings = program.command('settings').description("the enterprise's second-admin approval threshold and finance contacts")
    .addHelpText('after', examples('uam settings show', 'uam settings set --approval-threshold 50000', 'uam settings set --finance-contact cfo@acme.example=credit'));

  settings
    .command('show')
    .description('the approval threshold and the finance contacts')
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .addHelpText('after', examples('uam settings show', 'uam settings show --enterprise 3 --json'))
    .action(run(async (ctx, opts: { enterprise?: number }) => {
      const s = await ctx.client.get<Settings>(`/enterprises/${await enterpriseOf(ctx, opts.enterprise)}/settings`);
      emit(ctx.json, s, show);
    }));

  settings
    .command('set')
    .description('change the approval threshold and/or replace the finance contacts (enterprise admin)')
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .option('--approval-threshold <yuan|off>', 'transfers and withdrawals of this amount or more wait for a second admin; off: none do',
      (v: string) => (v === 'off' ? 'off' : parseThreshold(v)))
    .option('--finance-contact <contact>', `the new finance contacts (repeatable): ${CONTACT_HELP}`, collectContact)
    .option('--no-finance-contacts', 'remove every finance contact')
    .addHelpText('after', examples(
      'uam settings set --approval-threshold 50000',
      'uam settings set --approval-threshold off',
      'uam settings set --finance-contact cfo@acme.example=credit --finance-contact 13800000000=credit',
    ))
    .action(run(async (ctx, opts: { enterprise?: number; approvalThreshold?: string; financeContact?: ContactView[]; financeContacts: boolean }) => {
      const body = {
        ...(opts.approvalThreshold !== undefined && { approvalThreshold: opts.approvalThreshold === 'off' ? null : opts.approvalThreshold }),
        ...(opts.financeContact && { financeContacts: opts.financeContact }),
        ...(!opts.financeContacts && { financeContacts: [] }),
      };
      if (Object.keys(body).length === 0) throw new UsageError('give --approval-threshold, --finance-contact or --no-finance-contacts');
      const s = await ctx.client.put<Settings>(`/enterprises/${await enterpriseOf(ctx, opts.enterprise)}/settings`, body);
      emit(ctx.json, s, (r) => `✓ settings changed\n${show(r)}`);
    }));
}
