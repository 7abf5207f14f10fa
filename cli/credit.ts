import { type Command, Option } from 'commander';
import { emit, record, table } from './output';
import { examples, parseId, parseThreshold, run, UsageError } from './run';
import { enterpriseOf } from './scope';
import { withSpinner } from './spinner';
import { creditLimitCommands } from './credit-limits';

type Parts = { publicCloud: string; hybridCloud: string; total: string };
interface Application { id: string; enterpriseId: number; stage: string; requested: Parts; approved: Parts | null; reason: string; submittedBy: string; createdAt: string }
interface Status {
  applicationId: string; enterpriseId: number; stage: string; requested: Parts; approved: Parts | null; reason: string; submittedBy: string;
  deadlines: { review: string | null; contract: string | null; nextReminder: string | null };
  history: Array<{ at: string; event: string; actor?: string; note?: string }>;
}

const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 16) : null);
const amounts = (p: Parts | null) => (p ? `${p.total} (public ${p.publicCloud}, hybrid ${p.hybridCloud})` : null);

export const showStatus = (s: Status) => [
  record([['application', s.applicationId], ['enterprise', s.enterpriseId], ['stage', s.stage], ['requested', amounts(s.requested)],
    ['approved', amounts(s.approved)], ['reason', s.reason], ['submitted by', s.submittedBy], ['review deadline', when(s.deadlines.review)],
    ['contract deadline', when(s.deadlines.contract)], ['next reminder', when(s.deadlines.nextReminder)]]),
  '', table(s.history, [{ header: 'WHEN', value: (h) => when(h.at) }, { header: 'EVENT', value: (h) => h.event },
    { header: 'BY', value: (h) => h.actor }, { header: 'NOTE', value: (h) => h.note }]),
].join('\n');

/** `uam credit …`: applications (apply → decide → confirm, or withdraw) and member limits (credit-limits.ts). */
export function creditCommands(program: Command): void {
  const credit = program.command('credit').description('credit applications, enterprise credit and member credit limits')
    .addHelpText('after', examples('uam credit apply --enterprise 1 --public 100000 --hybrid 50000 --reason "Q3 growth"', 'uam credit status', 'uam credit assign 7 --limit 3000 --reason "team budget"'));

  credit
    .command('apply')
    .description('submit a credit-limit application for an enterprise (account manager)')
    .requiredOption('--enterprise <id>', 'enterprise', parseId)
    .requiredOption('--public <yuan>', 'public cloud part of the total limit', parseThreshold)
    .requiredOption('--hybrid <yuan>', 'hybrid cloud part of the total limit', parseThreshold)
    .requiredOption('--reason <text>', 'why the enterprise needs it')
    .addHelpText('after', examples('uam credit apply --enterprise 1 --public 100000 --hybrid 50000 --reason "Q3 growth"'))
    .action(run(async (ctx, opts: { enterprise: number; public: string; hybrid: string; reason: string }) => {
      const app = await ctx.client.post<Application>(`/enterprises/${opts.enterprise}/credit-applications`, {
        publicCloud: opts.public, hybridCloud: opts.hybrid, reason: opts.reason,
      });
      emit(ctx.json, app, (a) => `✓ application ${a.id} submitted: ${amounts(a.requested)}, ${a.stage.replace(/_/g, ' ')}\n  next: uam credit decide ${a.id} --approve --reason "..."`);
    }));

  credit
    .command('decide')
    .argument('<application>', 'application id')
    .description('approve (as requested, or --public/--hybrid) or reject an application (credit reviewer)')
    .addOption(new Option('--approve', 'approve it').conflicts('reject'))
    .addOption(new Option('--reject', 'reject it').conflicts('approve'))
    .option('--public <yuan>', 'approve another public cloud part (with --hybrid)', parseThreshold)
    .option('--hybrid <yuan>', 'approve another hybrid cloud part (with --public)', parseThreshold)
    .requiredOption('--reason <text>', 'the decision’s reason')
    .addHelpText('after', examples('uam credit decide 5f0c… --approve --reason "within policy"', 'uam credit decide 5f0c… --approve --public 80000 --hybrid 40000 --reason "reduced"', 'uam credit decide 5f0c… --reject --reason "no payment history"'))
    .action(run(async (ctx, id: string, opts: { approve?: boolean; reject?: boolean; public?: string; hybrid?: string; reason: string }) => {
      if (!opts.approve && !opts.reject) throw new UsageError('give --approve or --reject');
      const body = { approve: Boolean(opts.approve), reason: opts.reason, ...(opts.public && { publicCloud: opts.public }), ...(opts.hybrid && { hybridCloud: opts.hybrid }) };
      const s = await withSpinner('recording the decision', ctx.client.post<Status>(`/credit-applications/${id}/decision`, body));
      emit(ctx.json, s, showStatus);
    }));

  credit
    .command('confirm')
    .argument('<application>', 'application id')
    .description("confirm the credit contract; the approved limit then takes effect (the enterprise's MA account)")
    .addHelpText('after', examples('uam credit confirm 5f0c…'))
    .action(run(async (ctx, id: string) => {
      const s = await withSpinner('confirming the contract', ctx.client.post<Status>(`/credit-applications/${id}/confirm`));
      emit(ctx.json, s, showStatus);
    }));

  credit
    .command('withdraw')
    .argument('<application>', 'application id')
    .description('withdraw an application before its limit is being set (account manager)')
    .option('--reason <text>', 'why')
    .addHelpText('after', examples('uam credit withdraw 5f0c… --reason "customer asked"'))
    .action(run(async (ctx, id: string, opts: { reason?: string }) => {
      const s = await withSpinner('withdrawing', ctx.client.post<Status>(`/credit-applications/${id}/withdraw`, opts));
      emit(ctx.json, s, showStatus);
    }));

  credit
    .command('status')
    .argument('[application]', 'application id (omit to list applications)')
    .description('where an application stands (stage, deadlines, history), or the list of applications')
    .option('--enterprise <id>', 'list only this enterprise’s', parseId)
    .option('--stage <stage>', 'list only applications in this stage')
    .addHelpText('after', examples('uam credit status', 'uam credit status --stage awaiting_review', 'uam credit status 5f0c… --json'))
    .action(run(async (ctx, id: string | undefined, opts: { enterprise?: number; stage?: string }) => {
      if (id) return emit(ctx.json, await ctx.client.get<Status>(`/credit-applications/${id}`), showStatus);
      const page = await ctx.client.get<{ items: Application[] }>('/credit-applications', { enterpriseId: opts.enterprise, stage: opts.stage });
      emit(ctx.json, page, (p) => table(p.items, [
        { header: 'APPLICATION', value: (a) => a.id }, { header: 'ENTERPRISE', value: (a) => a.enterpriseId, right: true },
        { header: 'STAGE', value: (a) => a.stage }, { header: 'REQUESTED', value: (a) => a.requested.total, right: true },
        { header: 'APPROVED', value: (a) => a.approved?.total, right: true }, { header: 'SUBMITTED', value: (a) => when(a.createdAt) },
      ]));
    }));

  credit
    .command('show')
    .description("an enterprise's credit: total (public + hybrid), assigned to members, available to assign")
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .addHelpText('after', examples('uam credit show', 'uam credit show --enterprise 3 --json'))
    .action(run(async (ctx, opts: { enterprise?: number }) => {
      const c = await ctx.client.get<Record<string, string>>(`/enterprises/${await enterpriseOf(ctx, opts.enterprise)}/credit`);
      emit(ctx.json, c, () => record([['public cloud', c.publicCloud], ['hybrid cloud', c.hybridCloud], ['total', c.total], ['assigned', c.assigned], ['available', c.available]]));
    }));

  creditLimitCommands(credit);
}
