import { createServer } from 'node:http';
import { UamError } from '../core/errors';
import { registry } from '../core/metrics';
import { readiness, type Probes } from '../services/readiness';
import type { ProcessContext } from '../workers/context';

/**
 * A worker process's own small HTTP server on METRICS_PORT (none when 0): /metrics for Prometheus, /livez and
 * /readyz for health checks (503 naming the dependency that is down, in the API's error shape).
 */
export async function startMetricsServer({ config, logger, onClose }: ProcessContext, probes: Probes): Promise<void> {
  if (!config.metrics.port) return;
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => res.writeHead(status, { 'content-type': type }).end(body);
    const json = (status: number, body: unknown) => send(status, 'application/json', JSON.stringify(body));
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      registry.metrics().then((text) => send(200, registry.contentType, text), (err: unknown) => json(500, { error: { code: 'INTERNAL', message: String(err), details: {} } }));
    } else if (path === '/livez') {
      json(200, { status: 'ok' });
    } else if (path === '/readyz') {
      readiness(probes).then(
        (checks) => json(200, { status: 'ok', checks }),
        (err: unknown) => json(503, { error: err instanceof UamError ? err.toJSON() : { code: 'INTERNAL', message: String(err), details: {} } }),
      );
    } else {
      json(404, { error: { code: 'NOT_FOUND', message: `no ${path} here: /metrics, /livez and /readyz`, details: {} } });
    }
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.metrics.port, config.api.host, resolve));
  onClose('metrics server', () => new Promise((resolve) => server.close(resolve)));
  logger.info({ port: config.metrics.port }, 'metrics server listening');
}
