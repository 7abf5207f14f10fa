import { createDb, type Db } from '../db/connection';
import { startRelayLoop } from './outbox/loop';
import { createQueues, type Queues } from './queues';
import { isMain, runProcess, type ProcessContext } from './run';

/** The outbox relay: moves committed outbox events to BullMQ, woken by NOTIFY and polling as a fallback. */
export async function startOutboxRelay({ config, logger, onClose }: ProcessContext, shared: { db: Db; queues: Queues }) {
  const relay = await startRelayLoop({
    db: shared.db,
    queues: shared.queues,
    logger: logger.child({ component: 'outbox-relay' }),
    databaseUrl: config.databaseUrl,
  });
  onClose('outbox relay', () => relay.stop());
  logger.info('outbox relay running');
  return relay;
}

if (isMain(import.meta.url)) {
  await runProcess('uam-outbox-relay', async (ctx) => {
    const db = createDb(ctx.config);
    ctx.onClose('db', () => db.destroy());
    await db.raw('select 1');
    const queues = createQueues(ctx.config);
    ctx.onClose('queues', () => queues.close());
    await startOutboxRelay(ctx, { db, queues });
  });
}
