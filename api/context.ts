import type { Config } from '../core/config';
import type { Db } from '../db/connection';

/**
 * What route modules receive. Services that talk to Temporal or the queues are created once by the server
 * (or handed in by tests) and shared by every request.
 */
export interface ApiContext {
  config: Config;
  db: Db;
}
