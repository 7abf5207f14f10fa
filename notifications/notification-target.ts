import { metrics } from '../core/metrics';
import { NOTIFICATION_DELIVERIES } from '../db/notification-delivery';
import type { DeliveryTarget } from './deliver';
import type { EmailSender } from './email';
import type { SmsProvider } from './sms';

/** The job name of a notification in the 'deliveries' queue. */
export const NOTIFICATION_KIND = 'notification';

export interface Senders {
  email: EmailSender;
  sms: SmsProvider;
}

/**
 * Notifications as a delivery target: email or SMS by channel. The message's idempotency key goes with it
 * (the email's Message-ID, the SMS provider's Idempotency-Key), so a resend is recognisably the same message.
 */
export function notificationTarget(senders: Senders): DeliveryTarget {
  return {
    table: NOTIFICATION_DELIVERIES,
    async send(row) {
      const [to, text, idempotencyKey] = [row.recipient as string, row.body as string, row.idempotency_key as string];
      if (row.channel === 'email') await senders.email.send({ to, subject: row.subject as string, text, idempotencyKey });
      else await senders.sms.send({ to, text, idempotencyKey });
    },
    attempted: (row, outcome) => metrics.notifications.inc({ channel: row.channel as string, outcome }),
  };
}
