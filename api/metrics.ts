import type { FastifyInstance } from 'fastify';
import { metrics, registry } from '../core/metrics';

/**
 * HTTP metrics for every request (by route pattern, never the raw URL, so ids do not explode the label set)
 * and `GET /metrics` in the Prometheus text format, with everything else this process counts.
 */
export function installMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(unmatched)';
    const labels = { route, method: request.method };
    metrics.httpRequests.inc({ ...labels, status: String(reply.statusCode) });
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()));
}
