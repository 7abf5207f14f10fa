import { type Command, Option } from 'commander';
import { loadConfig } from '../core/config';
import { UamError } from '../core/errors';
import type { Db } from '../db/connection';
import { ROLES, type Role } from '../domain/principal';
import { createPrincipal, listPrincipals, revokePrincipal } from '../services/principals';
import { EXIT, examples, parseId } from './run';
import { emit, record, table } from './output';

/**
 * `uam tokens`: API tokens are made and revoked against the database directly (DATABASE_URL), because
 * this is how the first token comes to exist. Whoever can run it can reach the database anyway.
 */
async function withDb<T>(work: (db: Db) => Promise<T>): Promise<void> {
  // Loaded here, not at the top: every other command (and `uam --help`) starts without the database driver.
  const { createDb } = await import('../db/connection');
  const db = createDb({ ...loadConfig(), databasePoolMax: 1 });
  try {
    await work(db);
  } catch (err) {
    console.error(`✗ ${err instanceof UamError ? `${err.code}: ` : ''}${(err as Error).message}`);
    process.exitCode = err instanceof UamError ? EXIT.refused : EXIT.fault;
  } finally {
    await db.destroy();
  }
}

export function tokenCommands(program: Command): void {
  const tokens = program.command('tokens').description('create, list and revoke API tokens (talks to the database: DATABASE_URL)')
    .addHelpText('after', examples('uam tokens create --role ops --name "On-call"', 'uam tokens list', 'uam tokens revoke 12'));

  tokens
    .command('create')
    .description('create a principal and print its token (shown once; only its hash is stored)')
    .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory())
    .requiredOption('--name <name>', 'who holds it (recorded as the actor of every change it makes)')
    .option('--enterprise <id>', 'enterprise (enterprise_admin, member)', parseId)
    .option('--account <id>', 'account (member: its own account)', parseId)
    .option('--email <email>', 'contact email')
    .addHelpText('after', examples(
      'uam tokens create --role account_manager --name "Li Na"',
      'uam tokens create --role enterprise_admin --enterprise 1 --name "Acme admin"',
      'uam tokens create --role member --enterprise 1 --account 7 --name "Dev team" --json',
    ))
    .action(async (opts: { role: Role; name: string; enterprise?: number; account?: number; email?: string; json?: boolean }, cmd: Command) =>
      withDb(async (db) => {
        const issued = await createPrincipal(db, {
          name: opts.name, role: opts.role, enterpriseId: opts.enterprise ?? null, accountId: opts.account ?? null, email: opts.email ?? null,
        });
        emit(Boolean(cmd.optsWithGlobals().json), issued, (i) =>
          `${record([['principal', i.principal.id], ['name', i.principal.name], ['role', i.principal.role],
            ['enterprise', i.principal.enterpriseId], ['account', i.principal.accountId]])}\n\ntoken (shown once): ${i.token}\n  export UAM_TOKEN=${i.token}`);
      }));

  tokens
    .command('list')
    .description('list principals and their token prefixes')
    .addHelpText('after', examples('uam tokens list'))
    .action(async (_opts: unknown, cmd: Command) =>
      withDb(async (db) => {
        const rows = await listPrincipals(db);
        emit(Boolean(cmd.optsWithGlobals().json), rows, (r) => table(r, [
          { header: 'ID', value: (p) => p.id, right: true },
          { header: 'NAME', value: (p) => p.name },
          { header: 'ROLE', value: (p) => p.role },
          { header: 'ENTERPRISE', value: (p) => p.enterpriseId, right: true },
          { header: 'ACCOUNT', value: (p) => p.accountId, right: true },
          { header: 'TOKEN', value: (p) => `${p.tokenPrefix}…` },
          { header: 'REVOKED', value: (p) => p.revokedAt?.toISOString() ?? '' },
        ]));
      }));

  tokens
    .command('revoke <principal>')
    .description('revoke a token by principal id or token prefix; requests with it then get 401')
    .addHelpText('after', examples('uam tokens revoke 12', 'uam tokens revoke uam_Xy3kP9'))
    .action(async (principal: string) =>
      withDb(async (db) => {
        const revoked = await revokePrincipal(db, principal);
        if (revoked.length === 0) throw new UamError('NOT_FOUND', `no active token matches ${principal}`);
        for (const p of revoked) console.log(`✓ revoked principal ${p.id} (${p.name}, ${p.role})`);
      }));
}
