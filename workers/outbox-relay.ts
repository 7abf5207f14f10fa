import type { Db } from '../db/connection';
import { startRelayLoop } from './outbox/loop';
import { startRedriveLoop } from './outbox/redrive-loop';
import type { Queues } from '../queues/queues';
import type { ProcessContext } from './context';

/**
 * The outbox relay: moves committed outbox events to BullMQ, polling the pending rows every OUTBOX_POLL_MS, and
 * re-queues from Postgres the work Redis lost (events not done, messages not sent) every REDRIVE_INTERVAL_MS.
 */
export async function startOutboxRelay({ config, logger, onClose }: ProcessContext, shared: { db: Db; queues: Queues }) {
  const relay = await startRelayLoop({
    db: shared.db,
    queues: shared.queues,
    logger: logger.child({ component: 'outbox-relay' }),
    pollMs: config.outboxPollMs,
  });
  onClose('outbox relay', () => relay.stop());
  const redrive = startRedriveLoop({
    db: shared.db, queues: shared.queues, logger: logger.child({ component: 're-drive' }),
    intervalMs: config.queues.redriveIntervalMs, overdueMs: config.queues.redriveAfterMs,
  });
  onClose('re-drive', () => redrive.stop());
  logger.info('outbox relay running');
  return { relay, redrive };
}

