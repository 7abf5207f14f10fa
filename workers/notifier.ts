import type { Db } from '../db/connection';
import { createEmailSender } from '../notifications/email';
import { notificationProcessor } from '../notifications/processor';
import { createSmsProvider } from '../notifications/sms';
import { createQueueWorker } from './queue-worker';
import { createRedisConnection } from './queues';
import type { ProcessContext } from './context';

/** The notification sender: consumes the 'notifications' queue, sending email over SMTP and SMS through the configured provider. */
export function startNotifier({ config, logger, onClose }: ProcessContext, shared: { db: Db }) {
  const email = createEmailSender(config);
  onClose('smtp transport', async () => email.close());
  const sms = createSmsProvider(config, logger);
  const connection = createRedisConnection(config, { connectionName: 'uam-notifier' });
  onClose('notifier redis connection', () => connection.quit());
  const processor = notificationProcessor({ db: shared.db, senders: { email, sms }, logger: logger.child({ component: 'notifier' }) });
  const worker = createQueueWorker('notifications', processor, { config, connection, logger });
  onClose('notifier', () => worker.close());
  logger.info({ smtp: new URL(config.mail.smtpUrl).host, sms: sms.name }, 'notifier running');
  return worker;
}

