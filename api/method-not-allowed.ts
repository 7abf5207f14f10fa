import type { FastifyInstance, HTTPMethods } from 'fastify';
import { UamError } from '../core/errors';

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * A method a known path does not take gets 405 with `Allow` (in the one error shape), not 404: call
 * `collect` before the routes are registered and `answer` after. The pages other packages serve (the queue
 * dashboard, the API docs) keep their own answers.
 */
export function methodNotAllowed(app: FastifyInstance) {
  const allowed = new Map<string, Set<string>>();
  return {
    collect(): void {
      app.addHook('onRoute', (route) => {
        if (route.url.includes('*') || /^\/(admin|docs)(\/|$)/.test(route.url)) return;
        const methods = allowed.get(route.url) ?? new Set<string>();
        for (const m of [route.method].flat()) methods.add(m);
        allowed.set(route.url, methods);
      });
    },
    answer(): void {
      for (const [url, methods] of [...allowed.entries()]) {
        const others = METHODS.filter((m) => !methods.has(m));
        const allow = [...methods].sort().join(', ');
        if (others.length === 0) continue;
        app.route({
          method: others, url, schema: { hide: true },
          handler: async (request, reply) => {
            reply.header('allow', allow);
            throw new UamError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${url}: use ${allow}`, { method: request.method, allow });
          },
        });
      }
    },
  };
}
