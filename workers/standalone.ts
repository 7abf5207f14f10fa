import { createDb, type Db } from '../db/connection';
import { createQueues, type Queues } from './queues';
import { runProcess, type ProcessContext } from './run';

/**
 * Runs one piece of the workers (relay, alert checker, notifier) as a process of its own: its database pool
 * (checked at start-up, so a wrong DATABASE_URL fails at once) and queue producers, closed on shutdown.
 */
export async function runStandalone(
  name: string,
  start: (ctx: ProcessContext, shared: { db: Db; queues: Queues }) => unknown,
): Promise<void> {
  await runProcess(name, async (ctx) => {
    const db = createDb(ctx.config);
    ctx.onClose('db', () => db.destroy());
    await db.raw('select 1');
    const queues = createQueues(ctx.config);
    ctx.onClose('queues', () => queues.close());
    await start(ctx, { db, queues });
  });
}
