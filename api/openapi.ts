import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI document (built from the routes' schemas) at /openapi.json and a browsable UI at /docs.
 * Register before the routes: the document is collected as routes are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    hideUntagged: true,
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'uam API',
        version: '1',
        description:
          'Unified account management. Every route except /health needs `Authorization: Bearer <token>` (create tokens with ' +
          '`uam tokens create`). Amounts are yuan as decimal strings ("1234.56"). Errors are always ' +
          '`{ "error": { "code", "message", "details" } }`; every response carries `x-request-id`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
