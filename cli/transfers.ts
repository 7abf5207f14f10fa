import { randomUUID } from 'node:crypto';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ApiRefusal } from './client';
import { emit, record, table } from './output';
import { type CommandContext, examples, parseAmount, parseId, run, UsageError } from './run';
import { showPreview } from './preview';
import { waitFor } from './wait';

type Kind = 'transfer' | 'withdrawal';
interface Movement {
  workflowId: string; kind: Kind; requestId: string; fromAccountId: number; toAccountId: number; amount: string; stage: string;
  approval: { required: boolean; threshold: string | null; deadline: string | null; outcome: string | null; reason: string | null };
  error: { code: string; message: string } | null;
}

const settled = (m: Movement) => ['completed', 'failed', 'awaiting_approval'].includes(m.stage);

export const showMovement = (m: Movement) => record([
  [m.kind, `${m.requestId}: ${m.amount} from account ${m.fromAccountId} to ${m.toAccountId}`],
  ['stage', m.stage.replace(/_/g, ' ')],
  ['approval', m.approval.required ? `${m.approval.outcome ?? 'waiting'} (threshold ${m.approval.threshold}${m.approval.deadline ? `, until ${m.approval.deadline}` : ''})` : 'not needed'],
  ...(m.error ? [['error', `${m.error.code}: ${m.error.message}`] as [string, string]] : []),
]);

/** Exits as a refusal (3) when the workflow ended failed: the money did not move. */
function finish(ctx: CommandContext, m: Movement): void {
  emit(ctx.json, m, (s) => `${showMovement(s)}${s.stage === 'awaiting_approval' ? `\n\nwaiting for a second admin: uam transfers approve ${s.requestId}${s.kind === 'withdrawal' ? ' --withdrawal' : ''}` : ''}`);
  if (m.stage === 'failed' && m.error) throw new ApiRefusal(422, { code: m.error.code, message: m.error.message, details: { requestId: m.requestId } });
}

interface MoveOptions { from: number; to: number; amount?: string; max?: boolean; key?: string; wait: boolean }

/** `uam transfer` and `uam withdraw`: show the maximum, or start the workflow and follow it to its end. */
function movementCommand(program: Command, kind: Kind): void {
  const transfer = kind === 'transfer';
  program
    .command(transfer ? 'transfer' : 'withdraw')
    .description(transfer
      ? "transfer own cash from one member to another (lands in the receiver's transfer book); --max shows the most allowed and why"
      : 'take back unconsumed funds that --to transferred to --from; --max shows the most allowed and why')
    .requiredOption('--from <account>', transfer ? 'account whose own cash is sent' : 'account holding the transferred funds', parseId)
    .requiredOption('--to <account>', transfer ? 'receiving account' : 'account that transferred them (gets them back)', parseId)
    .option('--amount <yuan>', 'how much', parseAmount)
    .option('--max', 'only show the most allowed now and what limits it (with --amount: whether that amount is)')
    .option('--key <key>', 'idempotency key: repeating the command with it starts nothing twice (default: random)')
    .option('--no-wait', 'return once started instead of following it to the end')
    .addHelpText('after', transfer
      ? examples('uam transfer --from 7 --to 8 --max', 'uam transfer --from 7 --to 8 --amount 250.00 --max', 'uam transfer --from 7 --to 8 --amount 250.00', 'uam transfer --from 7 --to 8 --amount 9000 --key payroll-2026-11 --json')
      : examples('uam withdraw --from 8 --to 7 --max', 'uam withdraw --from 8 --to 7 --amount 100'))
    .action(run(async (ctx, opts: MoveOptions) => {
      const base = transfer ? '/transfers' : '/withdrawals';
      if (opts.max) return showPreview(ctx, `${base}/preview`, { from: opts.from, to: opts.to, amount: opts.amount });
      if (!opts.amount) throw new UsageError('give --amount <yuan> (or --max to see the most allowed)');
      const headers = { 'idempotency-key': opts.key ?? randomUUID() };
      const started = await ctx.client.json<{ requestId: string; started: boolean }>('POST', base, {
        body: { fromAccountId: opts.from, toAccountId: opts.to, amount: opts.amount }, headers,
      });
      if (!opts.wait) return emit(ctx.json, started, (s) => `✓ started ${kind} ${s.requestId}${s.started ? '' : ' (already started earlier with this key)'}`);
      finish(ctx, await waitFor<Movement>(ctx, `${base}/${started.requestId}`, kind, settled));
    }));
}

const parseItem = (value: string, previous: Array<{ fromAccountId: number; toAccountId: number; amount: string }> = []) => {
  const m = /^(\d+)[:>](\d+):(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError('use FROM:TO:AMOUNT, e.g. 7:8:100.00');
  return [...previous, { fromAccountId: parseId(m[1]!), toAccountId: parseId(m[2]!), amount: parseAmount(m[3]!) }];
};

export function transferCommands(program: Command): void {
  movementCommand(program, 'transfer');
  movementCommand(program, 'withdrawal');
  const transfers = program.command('transfers').description('follow, approve or reject transfers and withdrawals; batches')
    .addHelpText('after', examples('uam transfers status 3f2a…', 'uam transfers approve 3f2a… --reason "checked"', 'uam transfers batch --item 7:8:100 --item 7:9:50'));
  const kindOption = () => new Option('--withdrawal', 'it is a withdrawal, not a transfer');

  transfers.command('status').argument('<request>', 'request id (printed when it started)').addOption(kindOption())
    .description('where a transfer or withdrawal stands')
    .addHelpText('after', examples('uam transfers status 3f2a…', 'uam transfers status 3f2a… --withdrawal --json'))
    .action(run(async (ctx, id: string, opts: { withdrawal?: boolean }) => {
      emit(ctx.json, await ctx.client.get<Movement>(`/${opts.withdrawal ? 'withdrawals' : 'transfers'}/${id}`), showMovement);
    }));

  for (const verdict of ['approve', 'reject'] as const) {
    transfers.command(verdict).argument('<request>', 'request id').addOption(kindOption())
      .description(`${verdict} a transfer or withdrawal waiting for a second admin (not the one who started it)`)
      .option('--reason <text>', 'why')
      .addHelpText('after', examples(`uam transfers ${verdict} 3f2a… --reason "checked with finance"`))
      .action(run(async (ctx, id: string, opts: { withdrawal?: boolean; reason?: string }) => {
        const m = await ctx.client.post<Movement>(`/${opts.withdrawal ? 'withdrawals' : 'transfers'}/${id}/${verdict}`, opts.reason ? { reason: opts.reason } : {});
        finish(ctx, m);
      }));
  }

  transfers.command('batch')
    .description('many transfers at once; each item runs as its own transfer and is reported separately')
    .requiredOption('--item <from:to:amount>', 'one transfer (repeat the option)', parseItem)
    .option('--key <key>', 'idempotency key of the batch (default: random)')
    .addHelpText('after', examples('uam transfers batch --item 7:8:100 --item 7:9:50.50'))
    .action(run(async (ctx, opts: { item: Array<{ fromAccountId: number; toAccountId: number; amount: string }>; key?: string }) => {
      const started = await ctx.client.json<{ requestId: string }>('POST', '/transfer-batches', { body: { items: opts.item }, headers: { 'idempotency-key': opts.key ?? randomUUID() } });
      type Batch = { total: number; completed: number; failed: number; items: Array<{ index: number; fromAccountId: number; toAccountId: number; amount: string; status: string; error: { code: string } | null }> };
      const batch = await waitFor<Batch & { stage?: string }>(ctx, `/transfer-batches/${started.requestId}`, `batch ${started.requestId}`, (b) => b.completed + b.failed === b.total);
      emit(ctx.json, batch, (b) => `${table(b.items, [
        { header: '#', value: (i) => i.index + 1, right: true }, { header: 'FROM', value: (i) => i.fromAccountId, right: true },
        { header: 'TO', value: (i) => i.toAccountId, right: true }, { header: 'AMOUNT', value: (i) => i.amount, right: true },
        { header: 'STATUS', value: (i) => i.status }, { header: 'ERROR', value: (i) => i.error?.code },
      ])}\n\n${b.completed} completed, ${b.failed} failed of ${b.total}`);
      if (batch.failed > 0) process.exitCode = 3;
    }));
}
