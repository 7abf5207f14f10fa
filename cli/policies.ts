import type { Command } from 'commander';
import { emit, record, table } from './output';
import { examples, parseAmount, parseId, parseIds, parseThreshold, run } from './run';
import { enterpriseOf } from './scope';

interface Policy {
  id: number; fundingAccountId: number; memberIds: number[]; floor: string; target: string; dailyCap: string;
  sweepDay: number | null; createdBy: string; blockedReason: string | null;
}
interface Preview {
  policy: Policy;
  members: Array<{ accountId: number; action: string; available: string; amount: string | null; why: string }>;
}

const show = (p: Policy) => record([
  ['policy', p.id], ['funding account', p.fundingAccountId], ['members', p.memberIds.join(', ')],
  ['keeps', `available at or above ${p.floor} yuan, topping up to ${p.target} yuan, at most ${p.dailyCap} yuan a day`],
  ['sweep', p.sweepDay ? `on day ${p.sweepDay} of each month, unconsumed funds go back` : 'off'],
  ['set by', p.createdBy], ['blocked', p.blockedReason ?? 'no'],
]);

const sweepDay = (v: string): number | 'off' => (v === 'off' ? 'off' : parseId(v));

interface SaveOptions { enterprise?: number; from: number; members: number[]; floor: string; target: string; dailyCap: string; sweepDay?: number | 'off' }
const bodyOf = (o: SaveOptions) => ({
  fundingAccountId: o.from, memberIds: o.members, floor: o.floor, target: o.target, dailyCap: o.dailyCap,
  sweepDay: o.sweepDay === undefined || o.sweepDay === 'off' ? null : o.sweepDay,
});

/** `uam policies`: funding policies that keep members running from a funding account (enterprise admin). */
export function policyCommands(program: Command): void {
  const policies = program.command('policies').description('funding policies: keep members above a floor by transfers from a funding account')
    .addHelpText('after', examples(
      'uam policies list',
      'uam policies create --from 2 --members 5,6,7 --floor 100 --target 500 --daily-cap 2000 --sweep-day 28',
      'uam policies preview 3',
    ));
  const path = async (ctx: Parameters<Parameters<typeof run>[0]>[0], enterprise?: number, suffix = '') =>
    `/enterprises/${await enterpriseOf(ctx, enterprise)}/funding-policies${suffix}`;

  policies.command('list').description("the enterprise's funding policies")
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .addHelpText('after', examples('uam policies list', 'uam policies list --json'))
    .action(run(async (ctx, opts: { enterprise?: number }) => {
      const rows = await ctx.client.get<Policy[]>(await path(ctx, opts.enterprise));
      emit(ctx.json, rows, (r) => table(r, [
        { header: 'id', value: (p) => p.id, right: true }, { header: 'from', value: (p) => p.fundingAccountId, right: true },
        { header: 'members', value: (p) => p.memberIds.join(',') }, { header: 'floor', value: (p) => p.floor, right: true },
        { header: 'target', value: (p) => p.target, right: true }, { header: 'daily cap', value: (p) => p.dailyCap, right: true },
        { header: 'sweep day', value: (p) => p.sweepDay }, { header: 'blocked', value: (p) => p.blockedReason },
      ]));
    }));

  const saving = (cmd: Command) => cmd
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .requiredOption('--from <account>', 'the funding account (its own cash is transferred)', parseId)
    .requiredOption('--members <ids>', 'comma-separated member account ids', parseIds)
    .requiredOption('--floor <yuan>', 'top up a member whose available quota is below this', parseThreshold)
    .requiredOption('--target <yuan>', '…back up to this', parseAmount)
    .requiredOption('--daily-cap <yuan>', 'at most this much a day across the members', parseAmount)
    .option('--sweep-day <day|off>', 'day of the month (1–28) to withdraw back unconsumed funds', sweepDay);

  saving(policies.command('create').description('create a funding policy'))
    .addHelpText('after', examples('uam policies create --from 2 --members 5,6 --floor 100 --target 500 --daily-cap 1000'))
    .action(run(async (ctx, opts: SaveOptions) => {
      const p = await ctx.client.post<Policy>(await path(ctx, opts.enterprise), bodyOf(opts));
      emit(ctx.json, p, (r) => `✓ funding policy ${r.id} created\n${show(r)}`);
    }));

  saving(policies.command('replace <policy>').description('replace a funding policy with new terms'))
    .addHelpText('after', examples('uam policies replace 3 --from 2 --members 5,6,7 --floor 100 --target 800 --daily-cap 3000 --sweep-day off'))
    .action(run(async (ctx, id: string, opts: SaveOptions) => {
      const p = await ctx.client.put<Policy>(await path(ctx, opts.enterprise, `/${parseId(id)}`), bodyOf(opts));
      emit(ctx.json, p, (r) => `✓ funding policy ${r.id} replaced\n${show(r)}`);
    }));

  policies.command('preview <policy>').description('dry run: what the policy would move to each member now, and why')
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .addHelpText('after', examples('uam policies preview 3', 'uam policies preview 3 --json'))
    .action(run(async (ctx, id: string, opts: { enterprise?: number }) => {
      const p = await ctx.client.get<Preview>(await path(ctx, opts.enterprise, `/${parseId(id)}/preview`));
      emit(ctx.json, p, (r) => `${show(r.policy)}\n\n${table(r.members, [
        { header: 'member', value: (m) => m.accountId, right: true }, { header: 'available', value: (m) => m.available, right: true },
        { header: 'would move', value: (m) => m.amount, right: true }, { header: 'why', value: (m) => m.why },
      ])}`);
    }));

  policies.command('delete <policy>').description('delete a funding policy (movements under way finish)')
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .addHelpText('after', examples('uam policies delete 3'))
    .action(run(async (ctx, id: string, opts: { enterprise?: number }) => {
      await ctx.client.request('DELETE', await path(ctx, opts.enterprise, `/${parseId(id)}`));
      emit(ctx.json, { deleted: parseId(id) }, () => `✓ funding policy ${id} deleted`);
    }));
}
