import type { Command } from 'commander';
import { emit, record, table } from './output';
import { type CommandContext, examples, parseId, run } from './run';
import { enterpriseOf } from './scope';

interface Webhook { id: string; url: string; events: string[]; status: string; failingSince: string | null; disabledReason: string | null; secret?: string }
interface Delivery { id: string; eventId: string; type: string; status: string; attempts: Array<{ attempt: number; outcome: string | null; error: string | null; at: string }>; sentAt: string | null }

const webhooksTable = (rows: Webhook[]) => table(rows, [
  { header: 'ID', value: (w) => w.id, right: true },
  { header: 'URL', value: (w) => w.url },
  { header: 'EVENTS', value: (w) => w.events.join(',') },
  { header: 'STATUS', value: (w) => (w.status === 'disabled' ? `DISABLED (${w.disabledReason})` : w.failingSince ? `failing since ${w.failingSince}` : w.status) },
]);

const deliveriesTable = (rows: Delivery[]) => table(rows, [
  { header: 'ID', value: (d) => d.id, right: true },
  { header: 'EVENT', value: (d) => d.eventId },
  { header: 'TYPE', value: (d) => d.type },
  { header: 'STATUS', value: (d) => d.status },
  { header: 'ATTEMPTS', value: (d) => d.attempts.map((a) => a.outcome ?? 'under way').join(', ') },
  { header: 'LAST ERROR', value: (d) => d.attempts.at(-1)?.error ?? '' },
]);

const eventsList = (value: string): string[] => value.split(',').map((e) => e.trim()).filter(Boolean);

export function webhookCommands(program: Command): void {
  const webhooks = program.command('webhooks').description("the enterprise's webhook endpoints: register, list, see deliveries, resend (enterprise admin)")
    .addHelpText('after', examples('uam webhooks create --url https://hooks.example.com/uam --events alert.low_balance,account.stopped', 'uam webhooks deliveries 3'));
  const base = async (ctx: CommandContext, enterprise?: number) => `/enterprises/${await enterpriseOf(ctx, enterprise)}/webhooks`;

  webhooks.command('create')
    .description('register an HTTPS endpoint; prints its signing secret, which is never shown again')
    .requiredOption('--url <url>', 'https: URL that receives the events')
    .requiredOption('--events <list>', 'comma-separated event types, e.g. alert.low_balance,alert.recovered,alert.runway', eventsList)
    .option('--enterprise <id>', 'the enterprise (default: your own)', parseId)
    .action(run(async (ctx, opts: { url: string; events: string[]; enterprise?: number }) => {
      const w = await ctx.client.post<Webhook>(await base(ctx, opts.enterprise), { url: opts.url, events: opts.events });
      emit(ctx.json, w, () => `${record([['id', w.id], ['url', w.url], ['events', w.events.join(',')], ['secret', w.secret]])}\n\n` +
        'Keep the secret now: it signs every delivery and is never shown again.');
    }));

  webhooks.command('list')
    .description('the endpoints, their events and status (never their secrets)')
    .option('--enterprise <id>', 'the enterprise (default: your own)', parseId)
    .action(run(async (ctx, opts: { enterprise?: number }) => {
      const res = await ctx.client.get<{ items: Webhook[] }>(await base(ctx, opts.enterprise));
      emit(ctx.json, res, (r) => webhooksTable(r.items));
    }));

  webhooks.command('deliveries')
    .argument('<webhook>', 'endpoint id', parseId)
    .description("an endpoint's deliveries, newest first, with every attempt")
    .option('--limit <n>', 'how many', parseId)
    .option('--enterprise <id>', 'the enterprise (default: your own)', parseId)
    .action(run(async (ctx, webhook: number, opts: { enterprise?: number; limit?: number }) => {
      const res = await ctx.client.get<{ items: Delivery[] }>(`${await base(ctx, opts.enterprise)}/${webhook}/deliveries`, { limit: opts.limit ?? 50 });
      emit(ctx.json, res, (r) => deliveriesTable(r.items));
    }));

  webhooks.command('resend')
    .argument('<webhook>', 'endpoint id', parseId)
    .argument('<delivery>', 'delivery id', parseId)
    .description('send a failed delivery again (a delivered one is refused: each event is delivered once)')
    .option('--enterprise <id>', 'the enterprise (default: your own)', parseId)
    .action(run(async (ctx, webhook: number, delivery: number, opts: { enterprise?: number }) => {
      const res = await ctx.client.post<{ resent: boolean }>(`${await base(ctx, opts.enterprise)}/${webhook}/deliveries/${delivery}/resend`, {});
      emit(ctx.json, res, () => `✓ delivery ${delivery} queued again`);
    }));

  webhooks.command('enable')
    .argument('<webhook>', 'endpoint id', parseId)
    .description('turn a disabled endpoint back on (then resend what it missed)')
    .option('--enterprise <id>', 'the enterprise (default: your own)', parseId)
    .action(run(async (ctx, webhook: number, opts: { enterprise?: number }) => {
      const w = await ctx.client.post<Webhook>(`${await base(ctx, opts.enterprise)}/${webhook}/enable`, {});
      emit(ctx.json, w, () => webhooksTable([w]));
    }));
}
