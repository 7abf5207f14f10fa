import type { Command } from 'commander';
import { CONTACT_HELP, collectContact, contactsTable, type ContactView } from './contacts';
import { type Column, emit, record, table } from './output';
import { examples, parseId, parseThreshold, run, UsageError } from './run';

export interface EnterpriseView {
  id: number; name: string; externalId: string | null; maAccountId: number | null; accountCount: number;
  contractConfirmedAt: string | null; dualControlThreshold: string | null;
}
interface Settings { enterpriseId: number; approvalThreshold: string | null; financeContacts: ContactView[] }

const enterpriseRecord = (e: EnterpriseView) => record([
  ['enterprise', `${e.id} ${e.name}`], ['external id', e.externalId], ['MA account', e.maAccountId], ['accounts', e.accountCount],
  ['contract confirmed', e.contractConfirmedAt?.replace('T', ' ').slice(0, 16) ?? 'no'],
]);

interface CreateOptions {
  name: string; externalId?: string; maName?: string; maExternalId?: string; maContact?: ContactView[]; financeContact?: ContactView[];
  approvalThreshold?: string;
}

/** `uam enterprises …`: enterprises as platform ops create and rename them; what changed and what reached nobody. */
export function enterpriseCommands(program: Command): void {
  const enterprises = program.command('enterprises').description('create, list, show and rename enterprises (platform ops)')
    .addHelpText('after', examples('uam enterprises create --name "Acme Cloud" --external-id crm-1001 --ma-contact admin@acme.example', 'uam enterprises list', 'uam enterprises show 3'));

  enterprises
    .command('create')
    .description('create an enterprise with its MA account; with an --external-id that exists already, shows that one (nothing changes)')
    .requiredOption('--name <name>', 'the enterprise name (1-200 characters)')
    .option('--external-id <id>', "the platform's own identifier (makes creating idempotent)")
    .option('--ma-name <name>', "the MA account's name (default: the enterprise's)")
    .option('--ma-external-id <id>', "the platform's identifier of the MA account")
    .option('--ma-contact <contact>', `an MA account contact (repeatable): ${CONTACT_HELP}`, collectContact)
    .option('--finance-contact <contact>', `a finance contact, who hears enterprise-wide messages (repeatable): ${CONTACT_HELP}`, collectContact)
    .option('--approval-threshold <yuan>', 'transfers and withdrawals of this amount or more wait for a second admin', parseThreshold)
    .addHelpText('after', examples(
      'uam enterprises create --name "Acme Cloud" --external-id crm-1001 --ma-contact admin@acme.example --ma-contact 13800000000=low_balance,account_stopped',
      'uam enterprises create --name "Acme Cloud" --finance-contact cfo@acme.example=credit --approval-threshold 50000 --json',
    ))
    .action(run(async (ctx, opts: CreateOptions) => {
      const res = await ctx.client.post<{ created: boolean; enterprise: EnterpriseView }>('/enterprises', {
        name: opts.name,
        ...(opts.externalId && { externalId: opts.externalId }),
        ma: { ...(opts.maName && { name: opts.maName }), ...(opts.maExternalId && { externalId: opts.maExternalId }), contacts: opts.maContact ?? [] },
        financeContacts: opts.financeContact ?? [],
        ...(opts.approvalThreshold && { approvalThreshold: opts.approvalThreshold }),
      });
      emit(ctx.json, res, (r) => `${r.created ? '✓ created' : '· exists already (nothing changed)'}\n${enterpriseRecord(r.enterprise)}\n` +
        `  next: uam accounts import members.csv --enterprise ${r.enterprise.id}`);
    }));

  enterprises
    .command('list')
    .description('enterprises you may see (staff: all; an enterprise admin: its own)')
    .option('--limit <n>', 'rows (1-500)', parseId, 100)
    .option('--after <id>', 'enterprises after this id (the "next" of the previous page)', parseId)
    .addHelpText('after', examples('uam enterprises list', 'uam enterprises list --after 100 --json'))
    .action(run(async (ctx, opts: { limit: number; after?: number }) => {
      const page = await ctx.client.get<{ items: EnterpriseView[]; next: number | null }>('/enterprises', { limit: opts.limit, after: opts.after });
      emit(ctx.json, page, (p) => table(p.items, [
        { header: 'ID', value: (e) => e.id, right: true }, { header: 'NAME', value: (e) => e.name }, { header: 'EXTERNAL ID', value: (e) => e.externalId },
        { header: 'MA', value: (e) => e.maAccountId, right: true }, { header: 'ACCOUNTS', value: (e) => e.accountCount, right: true },
        { header: 'APPROVAL AT', value: (e) => e.dualControlThreshold, right: true },
      ]) + (p.next ? `\nmore: uam enterprises list --after ${p.next}` : ''));
    }));

  enterprises
    .command('show')
    .argument('<enterprise>', 'enterprise id', parseId)
    .description('one enterprise with its settings: approval threshold and finance contacts')
    .addHelpText('after', examples('uam enterprises show 3', 'uam enterprises show 3 --json'))
    .action(run(async (ctx, id: number) => {
      const [enterprise, settings] = await Promise.all([ctx.client.get<EnterpriseView>(`/enterprises/${id}`), ctx.client.get<Settings>(`/enterprises/${id}/settings`)]);
      emit(ctx.json, { ...enterprise, settings }, () => `${enterpriseRecord(enterprise)}\n${record([['approval at', settings.approvalThreshold ?? 'off']])}\n\n` +
        `finance contacts:\n${contactsTable(settings.financeContacts)}`);
    }));

  enterprises
    .command('rename')
    .argument('<enterprise>', 'enterprise id', parseId)
    .description("rename an enterprise and/or change its external id")
    .option('--name <name>', 'the new name')
    .option('--external-id <id>', "the platform's identifier ('' removes it)")
    .addHelpText('after', examples('uam enterprises rename 3 --name "Acme Cloud (CN)"', 'uam enterprises rename 3 --external-id crm-2002'))
    .action(run(async (ctx, id: number, opts: { name?: string; externalId?: string }) => {
      if (opts.name === undefined && opts.externalId === undefined) throw new UsageError('give --name and/or --external-id');
      const e = await ctx.client.patch<EnterpriseView>(`/enterprises/${id}`, { name: opts.name, externalId: opts.externalId === '' ? null : opts.externalId });
      emit(ctx.json, e, () => `✓ updated\n${enterpriseRecord(e)}`);
    }));

  enterpriseRecordCommands(enterprises);
}

type Page<T> = { items: T[]; next: string | null };
const when = (iso: string) => iso.replace('T', ' ').slice(0, 19);

interface RecordCommand<T> {
  name: string; path: string; description: string; examples: string[]; columns: Column<T>[];
}

/** A list of an enterprise's records, newest first, optionally one account's. */
function recordCommand<T>(enterprises: Command, c: RecordCommand<T>): void {
  enterprises
    .command(c.name)
    .argument('<enterprise>', 'enterprise id', parseId)
    .description(c.description)
    .option('--account <id>', "only this account's", parseId)
    .option('--limit <n>', 'rows (1-500)', parseId, 50)
    .addHelpText('after', examples(...c.examples))
    .action(run(async (ctx, id: number, opts: { account?: number; limit: number }) => {
      const page = await ctx.client.get<Page<T>>(`/enterprises/${id}/${c.path}`, { accountId: opts.account, limit: opts.limit });
      emit(ctx.json, page, (p) => table(p.items, c.columns));
    }));
}

/** What changed in the directory and which events reached nobody. */
function enterpriseRecordCommands(enterprises: Command): void {
  type Change = { accountId: number | null; action: string; actor: string; createdAt: string };
  recordCommand<Change>(enterprises, {
    name: 'changes', path: 'changes',
    description: 'who changed the directory (enterprise, accounts, contacts, settings, tokens), newest first',
    examples: ['uam enterprises changes 3', 'uam enterprises changes 3 --account 17 --json'],
    columns: [
      { header: 'WHEN', value: (c) => when(c.createdAt) }, { header: 'ACCOUNT', value: (c) => c.accountId, right: true },
      { header: 'CHANGE', value: (c) => c.action }, { header: 'BY', value: (c) => c.actor },
    ],
  });
  type Miss = { topic: string; event: string; accountId: number | null; accountName: string | null; createdAt: string };
  recordCommand<Miss>(enterprises, {
    name: 'no-recipient', path: 'notifications/no-recipient',
    description: 'messages that reached nobody, because no contact of the account (or of the enterprise) asked for the event',
    examples: ['uam enterprises no-recipient 3', 'uam enterprises no-recipient 3 --account 17'],
    columns: [
      { header: 'WHEN', value: (m) => when(m.createdAt) }, { header: 'EVENT', value: (m) => m.topic },
      { header: 'NOBODY WANTS', value: (m) => m.event },
      { header: 'FOR', value: (m) => (m.accountId === null ? 'the enterprise (finance contacts)' : `${m.accountId} ${m.accountName}`) },
    ],
  });
}
