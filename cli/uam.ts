import { Command } from 'commander';
import { ConfigError, loadConfig } from '../core/config';
import { migrateDatabase } from '../scripts/provision';
import { ProvisionError, oneLine } from '../scripts/provision/report';
import { registerCommands } from './commands';
import { doctor } from './doctor';
import { serveApi, serveWorkers } from './serve';
import { start } from './start';

/** Expected failures (bad config, a service down) print one line; DEBUG=1 shows the stack of anything else. */
function fail(err: unknown): never {
  const expected = err instanceof ConfigError || err instanceof ProvisionError;
  console.error(`✗ ${oneLine(err)}`);
  if (!expected && process.env.DEBUG) console.error(err);
  process.exit(1);
}

const program = new Command('uam')
  .description('Unified account management: credit, transfers and alerts for enterprise accounts')
  .showHelpAfterError()
  // A mistyped command or option exits 2, so scripts can tell it from a refusal (3) or a fault (1).
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command('start')
  .description('run the API and all workers in one process (local use)')
  .option('--provision', 'first start whatever is missing here: Temporal dev server, Postgres, Redis')
  .option('--demo', 'load demo data (scripts/seed-demo.ts)')
  .action(async (opts: { provision?: boolean; demo?: boolean }) => start(loadConfig(), opts));

program
  .command('api')
  .description('run the HTTP API only (production process)')
  .action(async () => serveApi(loadConfig()));

program
  .command('worker')
  .description('run the Temporal worker and all queue workers only (production process)')
  .action(async () => serveWorkers(loadConfig()));

program
  .command('doctor')
  .description('check Postgres, Redis and Temporal; exit 1 if something is wrong')
  .action(async () => process.exit(await doctor(loadConfig())));

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => migrateDatabase(loadConfig().databaseUrl).then(() => process.exit(0)));

registerCommands(program);

await program.parseAsync(process.argv).catch(fail);
