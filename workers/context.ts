import type { Config } from '../core/config';
import type { Logger } from '../core/logger';

/** What a running process hands each worker it starts (see processes/run.ts). */
export interface ProcessContext {
  config: Config;
  logger: Logger;
  /** Registers something to close on shutdown; closed in reverse order of registration. */
  onClose(name: string, close: () => Promise<unknown>): void;
}

export interface Started {
  /** Settles when the process's main loop ends by itself (e.g. a Temporal Worker.run() that failed). */
  done?: Promise<unknown>;
}
