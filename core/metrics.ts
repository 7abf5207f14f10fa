import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric uam exports, defined once (docs/metrics.md describes each). One registry per process: the API
 * serves it at /metrics, a worker process on METRICS_PORT, `uam start` both through the API. Names carry the
 * `uam_` prefix. Workflows that ended, by type and result, are the Temporal SDK's own metrics
 * (`temporal_workflow_completed_total`, `…_failed_total`, …), served by the worker's Runtime on
 * TEMPORAL_METRICS_ADDRESS.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'uam_' });

/**
 * Gauges read from elsewhere (the outbox table, the queues) are refreshed when scraped: each process that can
 * read a source registers it once (`setScrapeSource`), and one scrape runs every source once, however many
 * gauges ask.
 */
const sources = new Map<string, () => Promise<void>>();
let refreshing: Promise<void> | undefined;

export function setScrapeSource(name: string, refresh: () => Promise<void>): () => void {
  sources.set(name, refresh);
  return () => {
    if (sources.get(name) === refresh) sources.delete(name);
  };
}

function refreshSources(): Promise<void> {
  refreshing ??= Promise.allSettled([...sources.values()].map((refresh) => refresh()))
    .then(() => undefined)
    .finally(() => (refreshing = undefined));
  return refreshing;
}

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const metrics = {
  httpRequests: new Counter({
    name: 'uam_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status code',
    labelNames: ['route', 'method', 'status'] as const, registers: [registry],
  }),
  httpDuration: new Histogram({
    name: 'uam_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route pattern and method',
    labelNames: ['route', 'method'] as const, buckets: seconds, registers: [registry],
  }),
  ledgerOperations: new Counter({
    name: 'uam_ledger_operations_total', help: 'Ledger operations, by function and outcome (ok, replayed, or the refusal code)',
    labelNames: ['operation', 'outcome'] as const, registers: [registry],
  }),
  ledgerDuration: new Histogram({
    name: 'uam_ledger_operation_duration_seconds', help: 'Time of one ledger operation (one database round trip), by function',
    labelNames: ['operation'] as const, buckets: seconds, registers: [registry],
  }),
  outboxBacklog: new Gauge({
    name: 'uam_outbox_backlog',
    help: 'Outbox events not yet done, by stage: unrelayed (committed, not yet handed to the queues) or unconsumed (queued, not yet handled)',
    labelNames: ['stage'] as const, registers: [registry], collect: refreshSources,
  }),
  outboxOldestAge: new Gauge({
    name: 'uam_outbox_oldest_age_seconds', help: 'Age of the oldest outbox event not yet handed to the queues (0 when none)',
    registers: [registry], collect: refreshSources,
  }),
  queueJobs: new Gauge({
    name: 'uam_queue_jobs', help: 'Jobs per queue and state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'] as const, registers: [registry], collect: refreshSources,
  }),
  jobDuration: new Histogram({
    name: 'uam_queue_job_duration_seconds', help: 'Time a queue job took, by queue and result (completed or failed)',
    labelNames: ['queue', 'result'] as const, buckets: seconds, registers: [registry],
  }),
  jobFailures: new Counter({
    name: 'uam_queue_job_failures_total', help: 'Queue job attempts that failed, by queue', labelNames: ['queue'] as const, registers: [registry],
  }),
  outboxEvents: new Counter({
    name: 'uam_outbox_events_relayed_total', help: 'Outbox events handed to the queues, by topic', labelNames: ['topic'] as const, registers: [registry],
  }),
  alertsFired: new Counter({
    name: 'uam_alerts_fired_total', help: 'Low-balance alerts fired (one per crossing below the threshold)', registers: [registry],
  }),
  notifications: new Counter({
    name: 'uam_notifications_total', help: 'Notification send attempts, by channel and outcome (sent, retryable, permanent)',
    labelNames: ['channel', 'outcome'] as const, registers: [registry],
  }),
  webhookDeliveries: new Counter({
    name: 'uam_webhook_deliveries_total', help: 'Webhook delivery attempts, by outcome', labelNames: ['outcome'] as const, registers: [registry],
  }),
  workflowsStarted: new Counter({
    name: 'uam_workflows_started_total', help: 'Workflows started by uam, by workflow type', labelNames: ['type'] as const, registers: [registry],
  }),
};
