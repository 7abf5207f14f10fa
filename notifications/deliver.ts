import type { Knex } from 'knex';
import { claimNotification, finishAttempt } from '../db/notification-delivery';
import { isPermanent } from './delivery-error';
import type { EmailSender } from './email';
import type { SmsProvider } from './sms';

export interface Senders {
  email: EmailSender;
  sms: SmsProvider;
}

/** sent now; sent by an earlier attempt; to be retried; failed for good. */
export type DeliveryResult = 'sent' | 'already-sent' | 'retry' | 'failed';

/**
 * One attempt at one recorded message. A message already sent is never sent again; one that failed for
 * good is not retried; one another worker is sending right now is left to it (and checked on the retry).
 */
export async function deliver(
  db: Knex,
  idempotencyKey: string,
  senders: Senders,
  options: { finalAttempt: boolean },
): Promise<{ result: DeliveryResult; error?: string }> {
  const claim = await claimNotification(db, idempotencyKey);
  if (!claim.claimed) {
    const result = claim.status === 'sent' ? 'already-sent' : claim.status === 'failed' ? 'failed' : 'retry';
    return { result };
  }
  const message = claim.claimed;
  try {
    if (message.channel === 'email') {
      await senders.email.send({ to: message.recipient, subject: message.subject, text: message.body, idempotencyKey });
    } else {
      await senders.sms.send({ to: message.recipient, text: message.body, idempotencyKey });
    }
  } catch (err) {
    const permanent = isPermanent(err);
    const error = err instanceof Error ? err.message : String(err);
    const status = await finishAttempt(db, message, permanent ? 'permanent' : 'retryable', { error, finalAttempt: options.finalAttempt });
    return { result: status === 'failed' ? 'failed' : 'retry', error };
  }
  await finishAttempt(db, message, 'sent');
  return { result: 'sent' };
}
