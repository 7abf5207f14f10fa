import { Command } from 'commander';
import { ConfigError, loadConfig } from '../core/config';
import { migrateDatabase } from '../scripts/provision';
import { ProvisionError, oneLine } from '../scripts/provision/report';
import { doctor } from './doctor';
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
  .showHelpAfterError();

program
  .command('start')
  .description('run the API and all workers in one process (local use)')
  .option('--provision', 'first start whatever is missing here: Temporal dev server, Postgres, Redis')
  .option('--demo', 'load demo data (scripts/seed-demo.ts)')
  .action(async (opts: { provision?: boolean; demo?: boolean }) => start(loadConfig(), opts));

program
  .command('doctor')
  .description('check Postgres, Redis and Temporal; exit 1 if something is wrong')
  .action(async () => process.exit(await doctor(loadConfig())));

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => migrateDatabase(loadConfig().databaseUrl).then(() => process.exit(0)));

await program.parseAsync(process.argv).catch(fail);
