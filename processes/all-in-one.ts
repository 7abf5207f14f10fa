import { startApiServer } from '../api/server';
import type { Config } from '../core/config';
import { createDb } from '../db/connection';
import { problemLine, runChecks } from '../scripts/checks';
import { migrateDatabase, provisionDev } from '../scripts/provision';
import { createQueues } from '../queues/queues';
import { runProcess } from './run';
import { startWorkers } from './worker';

export interface StartOptions {
  /** Start whatever is missing locally first (Temporal dev server, Postgres cluster, redis-server). */
  provision?: boolean;
  /** Load demo data (scripts/seed-demo.ts). */
  demo?: boolean;
}

function banner(config: Config, apiUrl: string, mailDir: string | undefined): string {
  const temporalUi = config.temporal.uiUrl;
  return [
    '',
    'uam is running. Ctrl-C stops it (the Temporal dev server keeps running).',
    `  API             ${apiUrl}`,
    `  Console         ${apiUrl}/console`,
    `  Temporal UI     ${temporalUi}/namespaces/${config.temporal.namespace}/workflows`,
    `  Queue dashboard ${apiUrl}/admin/queues`,
    ...(mailDir ? [`  Emails (dev)    ${mailDir}  (one .eml file per message)`] : []),
    `  Health          uam doctor  (npm run uam -- doctor)`,
    '',
  ].join('\n');
}

/**
 * `uam start`: everything in one process for local use — the API and all workers. Refuses with one line
 * per unreachable dependency (the same lines as `uam doctor`); migrates before serving.
 */
export async function runAllInOne(config: Config, options: StartOptions): Promise<void> {
  const provisioned = options.provision ? await provisionDev(config) : undefined;
  const problems = (await runChecks(config, { migrations: false })).filter((r) => !r.ok);
  if (problems.length) {
    for (const problem of problems) console.error(`✗ ${problemLine(problem)}`);
    process.exit(1);
  }
  if (!options.provision) await migrateDatabase(config.databaseUrl);

  await runProcess('uam', async (ctx) => {
    const mail = provisioned?.mail;
    if (mail) ctx.onClose('dev mail catcher', () => mail.stop());
    const db = createDb(config);
    ctx.onClose('db', () => db.destroy());
    const queues = createQueues(config);
    ctx.onClose('queues', () => queues.close());
    if (options.demo) {
      const { seedDemo } = await import('../scripts/seed-demo');
      await seedDemo({ config, db, logger: ctx.logger });
      console.log('✓ demo data loaded');
    }
    const workers = await startWorkers(ctx, { db, queues });
    const api = await startApiServer({ config, db, logger: ctx.logger });
    ctx.onClose('api', () => api.close());
    console.log(banner(config, api.url, mail?.dir ?? undefined));
    return workers;
  }, { config });
}
