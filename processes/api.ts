import { startApiServer } from '../api/server';
import type { Config } from '../core/config';
import { createDb } from '../db/connection';
import { runProcess } from './run';

/** `uam api`: the HTTP API alone (the uam-api service in docker-compose.yml). */
export function runApi(config: Config): Promise<void> {
  return runProcess('uam-api', async ({ logger, onClose }) => {
    const db = createDb(config);
    onClose('db', () => db.destroy());
    const api = await startApiServer({ config, db, logger });
    onClose('api', () => api.close());
    logger.info({ url: api.url }, 'API listening');
  }, { config });
}
