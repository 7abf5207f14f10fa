import { UnrecoverableError, type Processor } from 'bullmq';
import type { Knex } from 'knex';
import type { Logger } from '../core/logger';
import type { EventTopic } from '../domain/events';
import { loadEventParties } from '../db/event-parties';
import { recordNotification } from '../db/notification-delivery';
import type { EventJobData } from '../workers/outbox/routing';
import { audienceOf } from './audience';
import { deliver, type DeliveryResult, type Senders } from './deliver';
import { messagesFor } from './messages';
import { renderEvent } from './templates';

export interface NotifierDeps {
  db: Knex;
  senders: Senders;
  logger: Logger;
}

export type NotifyResult = Record<DeliveryResult, number>;

/**
 * Turns one event into its messages and sends each one once. Every message is recorded before the first
 * attempt and checked before every attempt, so a retried job sends only what has not gone out yet. Any
 * message still to retry fails the job with a plain Error (BullMQ retries it with backoff); otherwise a
 * message that failed for good fails it with UnrecoverableError (no retry; it shows in the dashboard).
 */
export function notificationProcessor({ db, senders, logger }: NotifierDeps): Processor<EventJobData, NotifyResult> {
  return async (job) => {
    const topic = job.name as EventTopic;
    const { dedupeKey, payload } = job.data;
    const audience = audienceOf(topic, payload);
    if (!audience) throw new UnrecoverableError(`event "${job.name}" is not a message to anyone`);
    const parties = await loadEventParties(db, audience.enterpriseId, audience.accountIds);
    const rendered = parties && renderEvent(topic, payload, parties);
    if (!parties || !rendered) throw new UnrecoverableError(`event ${dedupeKey}: enterprise ${audience.enterpriseId} does not exist`);

    const messages = messagesFor({ dedupeKey, topic }, audience, parties, rendered);
    if (messages.length === 0) logger.warn({ dedupeKey, topic }, 'no contact to notify');
    for (const message of messages) await recordNotification(db, message);

    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const tally: NotifyResult = { sent: 0, 'already-sent': 0, retry: 0, failed: 0 };
    const problems: string[] = [];
    for (const message of messages) {
      const { result, error } = await deliver(db, message.idempotencyKey, senders, { finalAttempt });
      tally[result]++;
      if (error) problems.push(`${message.channel} to ${message.recipient}: ${error}`);
    }
    if (tally.retry > 0) throw new Error(`${tally.retry} of ${messages.length} message(s) not delivered yet: ${problems.join('; ')}`);
    if (tally.failed > 0) throw new UnrecoverableError(`${tally.failed} of ${messages.length} message(s) failed for good: ${problems.join('; ')}`);
    return tally;
  };
}
