import { Client, Connection } from '@temporalio/client';
import type { Config } from '../core/config';
import type { Db } from '../db/connection';

/**
 * What route modules receive. Services that talk to Temporal share one client, created once by the server
 * (or handed in by tests).
 */
export interface ApiContext {
  config: Config;
  db: Db;
  temporal: Client;
}

/** The services' view of the context (services/credit's CreditDeps and the like). */
export const serviceDeps = (ctx: ApiContext) => ({ db: ctx.db, temporal: ctx.temporal, taskQueue: ctx.config.temporal.taskQueue });

/**
 * A Temporal client that connects on first use, so the API serves reads while Temporal is still starting
 * (a workflow call made while it is down answers DEPENDENCY_UNAVAILABLE).
 */
export function createTemporalClient(config: Pick<Config, 'temporal'>): { client: Client; close(): Promise<void> } {
  const connection = Connection.lazy({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  return { client, close: () => connection.close() };
}
