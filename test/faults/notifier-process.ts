/**
 * The notification sender in a process of its own, to be SIGKILLed by a fault test. Reads the usual
 * configuration (DATABASE_URL, REDIS_URL, QUEUE_PREFIX, SMTP_URL, QUEUE_LOCK_MS, DELIVERY_LEASE_MS …); prints
 * "ready" once it consumes. With CRASH_AFTER_SEND_TO it kills itself the moment the SMTP server has accepted a
 * message to that address, before it can record the success.
 *
 *   SMTP_URL=… QUEUE_PREFIX=… tsx test/faults/notifier-process.ts
 */
import { loadConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { createDb } from '../../db/connection';
import { createEmailSender, type EmailSender } from '../../notifications/email';
import { createSinkSmsProvider } from '../../notifications/sms-sink';
import { startNotifier } from '../../workers/notifier';
import { createQueues } from '../../queues/queues';

const config = loadConfig();
const logger = createLogger(config, 'notifier-process');
const smtp = createEmailSender(config);
const crashTo = process.env.CRASH_AFTER_SEND_TO?.toLowerCase();
const email: EmailSender = {
  async send(message) {
    await smtp.send(message);
    if (message.to.toLowerCase() === crashTo) process.kill(process.pid, 'SIGKILL');
  },
  close: () => smtp.close(),
};
const db = createDb(config);
const queues = createQueues(config);
startNotifier({ config, logger, onClose: () => undefined }, { db, queues }, { email, sms: createSinkSmsProvider(logger) });
process.stdout.write('ready\n');
