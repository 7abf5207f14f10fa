import type { Db } from '../db/connection';
import { deliveryProcessor } from '../notifications/delivery-processor';
import { createEmailSender } from '../notifications/email';
import { NOTIFICATION_KIND, notificationTarget, type Senders } from '../notifications/notification-target';
import { notificationProcessor } from '../notifications/processor';
import { createSmsProvider } from '../notifications/sms';
import { WEBHOOK_KIND, webhookTarget } from '../notifications/webhook-target';
import { createQueueWorker } from './queue-worker';
import { createRedisConnection, type Queues } from '../queues/queues';
import type { ProcessContext } from './context';

/**
 * The notification sender: turns events of the 'notifications' queue into recorded messages, and sends each
 * message of the 'deliveries' queue — email over SMTP, SMS through the configured provider, webhooks over HTTPS. `senders` replaces
 * the configured ones (tests).
 */
export function startNotifier({ config, logger, onClose }: ProcessContext, shared: { db: Db; queues: Queues }, senders?: Senders) {
  const email = senders?.email ?? createEmailSender(config);
  onClose('smtp transport', async () => email.close());
  const sms = senders?.sms ?? createSmsProvider(config, logger);
  const connection = createRedisConnection(config, { connectionName: 'uam-notifier' });
  onClose('notifier redis connection', () => connection.quit());
  const log = logger.child({ component: 'notifier' });
  const deps = { config, connection, logger };
  const events = createQueueWorker('notifications', notificationProcessor({
    db: shared.db, deliveries: shared.queues.deliveries, giveUpAfterMs: config.retry.giveUpAfterMs, logger: log,
  }), deps);
  onClose('notifier', () => events.close());
  const targets = { [NOTIFICATION_KIND]: notificationTarget({ email, sms }), [WEBHOOK_KIND]: webhookTarget(shared.db, config) };
  const deliveries = createQueueWorker('deliveries', deliveryProcessor({ db: shared.db, targets, policy: config.retry }), deps, { concurrency: 8 });
  onClose('deliveries', () => deliveries.close());
  logger.info({ smtp: new URL(config.mail.smtpUrl).host, sms: sms.name, giveUpAfterMs: config.retry.giveUpAfterMs }, 'notifier running');
  return { events, deliveries };
}

