import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startApiServer } from '../api/server';
import type { Config } from '../core/config';
import { createDb, type Db } from '../db/connection';
import type { Logger } from '../core/logger';
import { problemLine, runChecks } from '../scripts/checks';
import { migrateDatabase, provisionDev } from '../scripts/provision';
import { startWorkers } from '../workers/main';
import { createQueues } from '../workers/queues';
import { runProcess } from '../workers/run';

export interface StartOptions {
  /** Start whatever is missing locally first (Temporal dev server, Postgres cluster, redis-server). */
  provision?: boolean;
  /** Load demo data (scripts/seed-demo.ts, when present). */
  demo?: boolean;
}

/** Hook for the demo data: scripts/seed-demo.ts exporting `seedDemo({ config, db, logger })`. */
async function seedDemo(deps: { config: Config; db: Db; logger: Logger }): Promise<boolean> {
  const file = new URL('../scripts/seed-demo.ts', import.meta.url);
  if (!existsSync(fileURLToPath(file))) return false;
  const mod = (await import(file.href)) as { seedDemo?: (d: typeof deps) => Promise<unknown> };
  if (typeof mod.seedDemo !== 'function') throw new Error('scripts/seed-demo.ts must export seedDemo({ config, db, logger })');
  await mod.seedDemo(deps);
  return true;
}

/**
 * `uam start`: everything in one process for local use — the API and all workers. Refuses with one line
 * per unreachable dependency (the same lines as `uam doctor`); migrates before serving.
 */
export async function start(config: Config, options: StartOptions): Promise<void> {
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
    if (options.demo) console.log((await seedDemo({ config, db, logger: ctx.logger })) ? '✓ demo data loaded' : '· no demo data yet (scripts/seed-demo.ts)');
    const workers = await startWorkers(ctx, { db, queues });
    const api = await startApiServer({ config, db, logger: ctx.logger });
    ctx.onClose('api', () => api.close());
    const temporalUi = `http://${config.temporal.address.split(':')[0]}:${config.temporal.uiPort}`;
    console.log(
      [
        '',
        'uam is running. Ctrl-C stops it (the Temporal dev server keeps running).',
        `  API             ${api.url}`,
        `  Console         ${api.url}/console`,
        `  Temporal UI     ${temporalUi}/namespaces/${config.temporal.namespace}/workflows`,
        `  Queue dashboard ${api.url}/admin/queues`,
        ...(mail?.dir ? [`  Emails (dev)    ${mail.dir}  (one .eml file per message)`] : []),
        `  Health          uam doctor  (npm run uam -- doctor)`,
        '',
      ].join('\n'),
    );
    return workers;
  }, { config });
}
