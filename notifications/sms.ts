import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { createHttpSmsProvider } from './sms-http';
import type { SmsProvider } from './sms-provider';
import { createSinkSmsProvider } from './sms-sink';

export type { SmsMessage, SmsProvider } from './sms-provider';

/** The configured provider: the real HTTP adapter, or the local sink for development. */
export function createSmsProvider(config: Pick<Config, 'sms'>, logger: Logger): SmsProvider {
  return config.sms.provider === 'http'
    ? createHttpSmsProvider({ url: config.sms.httpUrl, key: config.sms.httpKey })
    : createSinkSmsProvider(logger);
}
