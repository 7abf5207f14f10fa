import { type Command, Option } from 'commander';
import { loadConfig } from '../core/config';
import { UamError } from '../core/errors';
import { STAFF_ROLES, type Role } from '../domain/principal';
import { emit, record } from './output';
import { EXIT, examples } from './run';

/**
 * `uam tokens bootstrap`: the first platform staff token, made against the database (DATABASE_URL) because
 * no token exists yet to ask the API with. Whoever can run it can reach the database anyway. Every other
 * token is issued through the API (`uam tokens create`).
 */
export function tokenBootstrapCommand(tokens: Command): void {
  tokens
    .command('bootstrap')
    .description('make a platform staff token directly in the database (DATABASE_URL): how the first one comes to exist')
    .requiredOption('--name <name>', 'who holds it')
    .addOption(new Option('--role <role>', 'a platform staff role').choices(STAFF_ROLES).default('ops'))
    .addHelpText('after', examples('DATABASE_URL=postgres://… uam tokens bootstrap --name "On-call"', 'uam tokens bootstrap --name "Li Na" --role account_manager --json'))
    .action(async (opts: { name: string; role: Role }, cmd: Command) => {
      // Loaded here, not at the top: every other command (and `uam --help`) starts without the database driver.
      const [{ createDb }, { createPrincipal }] = await Promise.all([import('../db/connection'), import('../services/principals')]);
      const db = createDb({ ...loadConfig(), databasePoolMax: 1 });
      try {
        const issued = await createPrincipal(db, { name: opts.name, role: opts.role, createdBy: 'uam tokens bootstrap' });
        emit(Boolean(cmd.optsWithGlobals().json), issued, (i) =>
          `${record([['token id', i.principal.id], ['name', i.principal.name], ['role', i.principal.role]])}\n\ntoken (shown once): ${i.token}\n  export UAM_TOKEN=${i.token}`);
      } catch (err) {
        console.error(`✗ ${err instanceof UamError ? `${err.code}: ` : ''}${(err as Error).message}`);
        process.exitCode = err instanceof UamError ? EXIT.refused : EXIT.fault;
      } finally {
        await db.destroy();
      }
    });
}
