import { UnrecoverableError, type Processor, type Queue } from 'bullmq';
import type { Knex } from 'knex';
import { traceCarrier } from '../core/tracing';
import type { DeliveryTable } from '../db/deliveries';
import { NOTIFICATION_DELIVERIES } from '../db/notification-delivery';
import { WEBHOOK_DELIVERIES } from '../db/webhooks';
import { ensureJob, type Ensured } from '../queues/ensure-job';
import { RetryAt, type RetryPolicy } from '../queues/retry-policy';
import { deliverItem, type DeliveryTarget } from './deliver';

/**
 * Every kind of thing uam delivers at most once, by the name of its jobs in the 'deliveries' queue. A kind adds
 * its table here and its target to the notifier; claiming, retries, give-up, the
 * re-drive of what Redis lost and the dashboard's Retry then work for it unchanged.
 */
export const DELIVERY_KINDS: Readonly<Record<string, DeliveryTable>> = {
  notification: NOTIFICATION_DELIVERIES,
  webhook: WEBHOOK_DELIVERIES,
};

/** A job of the 'deliveries' queue: one item to send. The job name is its kind ('notification', later 'webhook'). */
export interface DeliveryJobData {
  /** The item's id in its table (a string: BullMQ data is JSON). */
  id: string;
  /** The trace that queued it (tracing on), which the sending job's span continues. */
  traceparent?: string;
}

/** One job per item and kind, so queuing an item twice runs it once. */
export const deliveryJobId = (kind: string, id: bigint): string => `${kind}-${id}`;

/** Queues these items for their first attempt (an item already queued is left as it is). */
export async function queueDeliveries(queue: Queue, kind: string, ids: bigint[]): Promise<void> {
  if (ids.length === 0) return;
  const trace = traceCarrier();
  await queue.addBulk(ids.map((id) => ({ name: kind, data: { id: id.toString(), ...trace } satisfies DeliveryJobData, opts: { jobId: deliveryJobId(kind, id) } })));
}

/** Makes sure an item's job will run: re-added if Redis lost it, retried if it had ended (see ensureJob). */
export const ensureDelivery = (queue: Queue, kind: string, id: bigint): Promise<Ensured> =>
  ensureJob(queue, kind, { id: id.toString() } satisfies DeliveryJobData, deliveryJobId(kind, id));

/**
 * Sends one item per job. The job fails with a RetryAt while the item waits (its backoff, or another worker's
 * lease), so BullMQ retries it exactly then; UnrecoverableError once the item failed for good, which leaves it in
 * the dashboard's failed list. A job that runs again for a failed item (ops pressed Retry there) re-drives it:
 * a failed item was never accepted, so it is sent at most once.
 */
export function deliveryProcessor(deps: { db: Knex; targets: Record<string, DeliveryTarget>; policy: RetryPolicy }): Processor<DeliveryJobData, string> {
  return async (job) => {
    const target = deps.targets[job.name];
    if (!target) throw new UnrecoverableError(`the deliveries queue has no kind "${job.name}"`);
    const what = `${job.name} ${job.data.id}`;
    const outcome = await deliverItem(deps.db, target, BigInt(job.data.id), { policy: deps.policy, redrive: true });
    switch (outcome.result) {
      case 'sent':
      case 'already-sent':
        return outcome.result;
      case 'held':
        throw new RetryAt(`${what} is being sent by another worker until ${outcome.until.toISOString()}`, outcome.until);
      case 'retry':
        throw new RetryAt(`${what} not delivered yet: ${outcome.error}`, outcome.at);
      case 'failed':
        throw new UnrecoverableError(`${what} failed for good: ${outcome.error}`);
      case 'missing':
        throw new UnrecoverableError(`${what} does not exist`);
    }
  };
}
