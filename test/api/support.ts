import type { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../../api/app';
import { createTemporalClient } from '../../api/context';
import { createLogger } from '../../core/logger';
import { createDb, type Db } from '../../db/connection';
import type { Role } from '../../domain/principal';
import type { Queues } from '../../queues/queues';
import { createPrincipal } from '../../services/principals';
import { createTestEnterprise, freshId, testConfig, type TestEnterprise } from '../support';

export interface Api {
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

export interface TestApiOptions {
  env?: Record<string, string>;
  /** A client of a test Temporal server whose worker runs the workflows; default: the shared test server, lazily. */
  temporal?: Client;
  taskQueue?: string;
  logger?: Logger;
  db?: Db;
  queues?: Queues;
}

/** The whole API on the test database, for `inject` (no port); close it in afterAll. */
export async function startTestApi(options: TestApiOptions = {}): Promise<Api> {
  const config = testConfig({ ...options.env, ...(options.taskQueue && { TEMPORAL_TASK_QUEUE: options.taskQueue }) });
  const db = options.db ?? createDb(config);
  const lazy = options.temporal ? undefined : createTemporalClient(config);
  const temporal = options.temporal ?? lazy!.client;
  const app = await buildApp({ config, db, logger: options.logger ?? createLogger(config, 'api-test'), temporal, queues: options.queues });
  return {
    app, db,
    close: async () => {
      await app.close();
      await lazy?.close();
      if (!options.db) await db.destroy();
    },
  };
}

export type Tokens = Record<Role, string>;

/** A token for every role: staff, this enterprise's admin (MA account) and a member holding `members[0]`. */
export async function tokensFor(db: Db, ent: TestEnterprise): Promise<Tokens> {
  const make = async (role: Role, enterpriseId: number | null = null, accountId: number | null = null) =>
    (await createPrincipal(db, { name: freshId(role), role, enterpriseId, accountId })).token;
  return {
    account_manager: await make('account_manager'),
    credit_reviewer: await make('credit_reviewer'),
    ops: await make('ops'),
    enterprise_admin: await make('enterprise_admin', ent.id, ent.ma),
    member: await make('member', ent.id, ent.members[0]!),
  };
}

export async function enterpriseWithTokens(db: Db, members = 3): Promise<{ ent: TestEnterprise; tokens: Tokens }> {
  const ent = await createTestEnterprise(db, { members });
  return { ent, tokens: await tokensFor(db, ent) };
}

// Test bodies are read field by field and compared with expect(): a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  text: string;
}

/** One request with a bearer token (or none) and any extra headers; the JSON body parsed when there is one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<T = any>(
  app: FastifyInstance, token: string | null, method: InjectOptions['method'], url: string, payload?: unknown, extraHeaders: Record<string, string> = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extraHeaders };
  if (typeof payload === 'string') headers['content-type'] = 'application/json';
  const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const json = (res.headers['content-type'] ?? '').toString().includes('json');
  return { status: res.statusCode, body: json && res.body ? JSON.parse(res.body) : undefined, headers: res.headers, text: res.body };
}
