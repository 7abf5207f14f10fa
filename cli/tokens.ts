import { type Command, Option } from 'commander';
import { ROLES, STAFF_ROLES, type Role } from '../domain/principal';
import { emit, record, table } from './output';
import { examples, parseId, run, UsageError } from './run';
import { tokenBootstrapCommand } from './tokens-bootstrap';

interface TokenView {
  id: number; name: string; role: Role; enterpriseId: number | null; accountId: number | null; tokenPrefix: string;
  createdAt: string; createdBy: string; lastUsedAt: string | null; revokedAt: string | null;
}

const when = (iso: string | null) => iso?.replace('T', ' ').slice(0, 16) ?? null;
const person = (actor: string) => actor.match(/^principal:\d+:(.+)$/)?.[1] ?? actor;

/**
 * `uam tokens`: API tokens through the API — an enterprise admin for its own enterprise (members, a second
 * admin), platform ops for everyone. `uam tokens bootstrap` makes the first one, against the database.
 */
export function tokenCommands(program: Command): void {
  const tokens = program.command('tokens').description('create, list and revoke API tokens (an enterprise admin: its own enterprise; ops: all)')
    .addHelpText('after', examples('uam tokens create --role member --account 7 --name "Dev team"', 'uam tokens list', 'uam tokens revoke 12'));

  tokens
    .command('create')
    .description('issue a token and print it (shown once; only its hash is stored)')
    .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory())
    .requiredOption('--name <name>', 'who holds it (recorded as the actor of every change it makes)')
    .option('--enterprise <id>', "enterprise (default: your own; staff roles have none)", parseId)
    .option('--account <id>', "a member's own account", parseId)
    .addHelpText('after', examples(
      'uam tokens create --role member --account 7 --name "Dev team"',
      'uam tokens create --role enterprise_admin --name "Second admin"',
      'uam tokens create --role account_manager --name "Li Na" --json     # platform ops only',
    ))
    .action(run(async (ctx, opts: { role: Role; name: string; enterprise?: number; account?: number }) => {
      if (STAFF_ROLES.includes(opts.role) && (opts.enterprise || opts.account)) throw new UsageError(`${opts.role} is a platform staff role: give no --enterprise or --account`);
      const issued = await ctx.client.post<{ token: string; principal: TokenView }>('/tokens', {
        role: opts.role, name: opts.name, enterpriseId: opts.enterprise, accountId: opts.account,
      });
      const p = issued.principal;
      emit(ctx.json, issued, (i) => `${record([['token id', p.id], ['name', p.name], ['role', p.role], ['enterprise', p.enterpriseId], ['account', p.accountId]])}` +
        `\n\ntoken (shown once): ${i.token}\n  export UAM_TOKEN=${i.token}`);
    }));

  tokens
    .command('list')
    .description('tokens with who created each and when it was last used (to the minute)')
    .option('--enterprise <id>', "one enterprise's (an admin: always its own)", parseId)
    .option('--limit <n>', 'rows (1-500)', parseId, 100)
    .option('--after <id>', 'tokens after this id (the "next" of the previous page)', parseId)
    .addHelpText('after', examples('uam tokens list', 'uam tokens list --enterprise 3 --json', 'uam tokens list --after 100'))
    .action(run(async (ctx, opts: { enterprise?: number; limit: number; after?: number }) => {
      const res = await ctx.client.get<{ items: TokenView[]; next: number | null }>('/tokens', { enterpriseId: opts.enterprise, limit: opts.limit, after: opts.after });
      emit(ctx.json, res, (r) => table(r.items, [
        { header: 'ID', value: (t) => t.id, right: true }, { header: 'NAME', value: (t) => t.name }, { header: 'ROLE', value: (t) => t.role },
        { header: 'ENTERPRISE', value: (t) => t.enterpriseId, right: true }, { header: 'ACCOUNT', value: (t) => t.accountId, right: true },
        { header: 'TOKEN', value: (t) => `${t.tokenPrefix}…` }, { header: 'CREATED BY', value: (t) => person(t.createdBy) },
        { header: 'LAST USED', value: (t) => when(t.lastUsedAt) ?? 'never' }, { header: 'REVOKED', value: (t) => when(t.revokedAt) ?? '' },
      ]) + (r.next ? `\nmore: uam tokens list --after ${r.next}` : ''));
    }));

  tokens
    .command('revoke <token>')
    .description('revoke a token by its id or its prefix; requests with it then get 401')
    .addHelpText('after', examples('uam tokens revoke 12', 'uam tokens revoke uam_Xy3kP9'))
    .action(run(async (ctx, token: string) => {
      let id = /^\d+$/.test(token) ? Number(token) : undefined;
      if (id === undefined) {
        const { items } = await ctx.client.get<{ items: TokenView[] }>('/tokens', { prefix: token, limit: 500 });
        const matches = items.filter((t) => !t.revokedAt);
        if (matches.length !== 1) throw new UsageError(matches.length ? `${token} matches ${matches.length} tokens: give the id` : `no active token starts with ${token}`);
        id = matches[0]!.id;
      }
      const t = await ctx.client.delete<TokenView>(`/tokens/${id}`);
      emit(ctx.json, t, () => `✓ revoked token ${t.id} (${t.name}, ${t.role})`);
    }));

  tokenBootstrapCommand(tokens);
}
