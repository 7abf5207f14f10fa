import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Db } from '../db/connection';
import { watchBacklogs } from '../workers/backlog-metrics';
import { createQueues } from '../queues/queues';
import { buildApp } from './app';
import { createTemporalClient } from './context';

export interface ApiDeps {
  config: Config;
  db: Db;
  logger: Logger;
}

export interface RunningApi {
  /** Base URL the server answers on, e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the HTTP API (see api/app.ts for what it serves); `uam start` and the API process call only this
 * function.
 */
export async function startApiServer({ config, db, logger }: ApiDeps): Promise<RunningApi> {
  const temporal = createTemporalClient(config);
  const queues = createQueues(config);
  const app = await buildApp({ config, db, logger, temporal: temporal.client, queues });
  const stopWatching = watchBacklogs(db, queues);
  app.addHook('onClose', async () => {
    stopWatching();
    await temporal.close();
    await queues.close();
  });
  const address = await app.listen({ host: config.api.host, port: config.api.port });
  const url = config.api.publicUrl || address;
  return { url, close: () => app.close() };
}
