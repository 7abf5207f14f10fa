import type { Logger } from '../core/logger';
import { DeliveryError, looksLikePhone } from './delivery-error';
import type { SmsMessage, SmsProvider } from './sms-provider';

/**
 * The development SMS "provider": accepts every well-formed message and writes it to the log. The
 * notifications table keeps the text as for any channel, so a sunk message is as visible as a sent one.
 */
export function createSinkSmsProvider(logger: Logger): SmsProvider {
  const log = logger.child({ component: 'sms-sink' });
  return {
    name: 'sink',
    async send(message: SmsMessage) {
      if (!looksLikePhone(message.to)) throw new DeliveryError(`not a phone number: "${message.to}"`, true);
      log.info({ to: message.to, idempotencyKey: message.idempotencyKey, text: message.text }, 'SMS (local sink)');
    },
  };
}
