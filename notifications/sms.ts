import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { createHttpSmsProvider } from './sms-http';
import { createSinkSmsProvider } from './sms-sink';

export interface SmsMessage {
  to: string;
  text: string;
  /** Sent to the provider so it can drop a duplicate of a message it already accepted. */
  idempotencyKey: string;
}

/** A way to send text messages. Throws DeliveryError (permanent or retryable) when a message is not accepted. */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}

/** The configured provider: the real HTTP adapter, or the local sink for development. */
export function createSmsProvider(config: Pick<Config, 'sms'>, logger: Logger): SmsProvider {
  return config.sms.provider === 'http'
    ? createHttpSmsProvider({ url: config.sms.httpUrl, key: config.sms.httpKey })
    : createSinkSmsProvider(logger);
}
