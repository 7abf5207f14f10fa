import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client/index.js';
import type { Config } from '../core/config';
import { metrics } from '../core/metrics';
import { tracingOn } from '../core/tracing';
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

/** Counts each workflow this client started, by type (a start refused as a duplicate is not counted). */
const countStarts: WorkflowClientInterceptor = {
  async startWithDetails(input, next) {
    const started = await next(input);
    metrics.workflowsStarted.inc({ type: input.workflowType });
    return started;
  },
};

/**
 * A Temporal client that connects on first use, so the API serves reads while Temporal is still starting
 * (a workflow call made while it is down answers DEPENDENCY_UNAVAILABLE). With tracing on, starting (or signalling)
 * a workflow is a span whose context travels in the workflow's headers, so the workflow's spans join the trace.
 */
export function createTemporalClient(config: Pick<Config, 'temporal'>): { client: Client; close(): Promise<void> } {
  const connection = Connection.lazy({ address: config.temporal.address });
  const workflow = tracingOn() ? [countStarts, new OpenTelemetryWorkflowClientInterceptor()] : [countStarts];
  const client = new Client({ connection, namespace: config.temporal.namespace, interceptors: { workflow } });
  return { client, close: () => connection.close() };
}
