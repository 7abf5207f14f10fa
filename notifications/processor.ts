import { UnrecoverableError, type Processor, type Queue } from 'bullmq';
import type { Knex } from 'knex';
import type { Logger } from '../core/logger';
import type { EventTopic } from '../domain/events';
import { recordNotifications } from '../db/notification-delivery';
import { recordWebhookDeliveries } from '../db/webhooks';
import { isWebhookEvent, webhookBody, type WebhookEvent } from '../domain/webhooks';
import { recordMisses } from '../db/notification-misses';
import { markOutboxDone } from '../db/outbox-progress';
import { transaction } from '../db/transaction';
import type { EventJobData } from '../queues/events';
import { queueDeliveries } from './delivery-processor';
import { NOTIFICATION_KIND } from './notification-target';
import { recipientsOf } from './recipients';
import { WEBHOOK_KIND } from './webhook-target';

export interface NotifierDeps {
  db: Knex;
  /** Where each recorded message is queued for sending. */
  deliveries: Queue;
  /** How long a message is retried before it is failed (DELIVERY_GIVE_UP_AFTER_MS). */
  giveUpAfterMs: number;
  logger: Logger;
}

export interface NotifyResult {
  messages: number;
  /** Messages queued for sending now (the rest went out or failed earlier). */
  queued: number;
  /** Webhook deliveries queued now, if any. */
  webhooks?: number;
}

/** An event as its webhook deliveries carry it: the body is fixed here, once. */
function webhookEvent(topic: WebhookEvent, key: string, payload: EventJobData['payload']) {
  const enterpriseId = (payload as { enterpriseId: number }).enterpriseId;
  return { key, topic, enterpriseId, body: webhookBody({ key, topic, enterpriseId, data: payload }) };
}

/**
 * Turns one event into its messages and its webhook deliveries: records each (once, by idempotency key; once per
 * endpoint and event id) and marks the outbox event done in the same transaction, then queues one delivery job per message still to send. From the commit on, Postgres
 * holds the messages: if the delivery jobs are lost (a crash before queuing them, a Redis that forgets), the
 * re-drive finds the messages due and queues them again.
 */
export function notificationProcessor({ db, deliveries, giveUpAfterMs, logger }: NotifierDeps): Processor<EventJobData, NotifyResult> {
  return async (job) => {
    const topic = job.name as EventTopic;
    const { dedupeKey, payload } = job.data;
    const refuse = async (reason: string): Promise<never> => {
      await markOutboxDone(db, dedupeKey);
      throw new UnrecoverableError(reason);
    };
    const planned = await recipientsOf(db, { topic, dedupeKey, payload });
    if (!planned.ok) return refuse(planned.reason);
    const { messages, misses } = planned;
    if (misses.length > 0) logger.warn({ dedupeKey, topic, unreached: misses.map((m) => m.accountId) }, 'no recipient for some of the event\'s parties');
    const [due, hooks] = await transaction(db, async (trx) => {
      const ids = await recordNotifications(trx, messages, giveUpAfterMs);
      await recordMisses(trx, misses);
      const webhooks = isWebhookEvent(topic) ? await recordWebhookDeliveries(trx, webhookEvent(topic, dedupeKey, payload), giveUpAfterMs) : [];
      await markOutboxDone(trx, dedupeKey);
      return [ids, webhooks] as const;
    });
    await queueDeliveries(deliveries, NOTIFICATION_KIND, due);
    await queueDeliveries(deliveries, WEBHOOK_KIND, hooks);
    return { messages: messages.length, queued: due.length, ...(hooks.length > 0 && { webhooks: hooks.length }) };
  };
}
