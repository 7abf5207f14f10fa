import { pino, type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** Structured JSON logs; one root logger per process, children per component. */
export function createLogger(config: Pick<Config, 'logLevel'>, name = 'uam'): Logger {
  return pino({ name, level: config.logLevel, base: { pid: process.pid } });
}
