import { Argument, Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../core/config';
import { ProvisionError, oneLine } from '../scripts/provision/report';
import { registerCommands } from './commands';

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

// The process commands load their modules only when run, so `uam --help` and the API commands start fast.
program
  .command('start')
  .description('run the API and all workers in one process (local use)')
  .option('--provision', 'first start whatever is missing here: Temporal dev server, Postgres, Redis')
  .option('--demo', 'load demo data (scripts/seed-demo.ts)')
  .action(async (opts: { provision?: boolean; demo?: boolean }) => (await import('../processes/all-in-one')).runAllInOne(loadConfig(), opts));

program
  .command('api')
  .description('run the HTTP API only (production process)')
  .action(async () => (await import('../processes/api')).runApi(loadConfig()));

const parts = ['temporal', 'outbox-relay', 'alerts', 'notifier', 'smoke'];
program
  .command('worker')
  .description('run the Temporal worker and all queue workers (production process), or some of them')
  .addOption(new Option('--only <parts>', `comma-separated parts to run: ${parts.join(', ')}`).argParser((value) => {
    const chosen = value.split(',').map((p) => p.trim());
    const unknown = chosen.filter((p) => !parts.includes(p));
    if (unknown.length) throw new Error(`--only: unknown part ${unknown.join(', ')} (choose from ${parts.join(', ')})`);
    return chosen;
  }))
  .action(async (opts: { only?: string[] }) => {
    const { runWorker, WORKER_PARTS } = await import('../processes/worker');
    await runWorker(loadConfig(), WORKER_PARTS.filter((p) => !opts.only || opts.only.includes(p)));
  });

program
  .command('doctor')
  .description('check Postgres, Redis and Temporal; exit 1 if something is wrong')
  .action(async () => process.exit(await (await import('./doctor')).doctor(loadConfig())));

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const { migrateDatabase } = await import('../scripts/provision');
    await migrateDatabase(loadConfig().databaseUrl);
    process.exit(0);
  });

program
  .command('provision')
  .description('bring up what uam needs here without starting it: dev (for uam start) or test (before npm test)')
  .addArgument(new Argument('[target]', 'what to provision for').choices(['dev', 'test']).default('dev'))
  .action(async (target: 'dev' | 'test') => {
    const { provisionDev, provisionTest } = await import('../scripts/provision');
    await (target === 'dev' ? provisionDev : provisionTest)(loadConfig());
    process.exit(0);
  });

registerCommands(program);

await program.parseAsync(process.argv).catch(fail);
