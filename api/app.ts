import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../core/logger';
import type { Principal } from '../domain/principal';
import { probesOf, readiness } from '../services/readiness';
import type { Queues } from '../queues/queues';
import { authenticate, authorize, requireToken } from './auth';
import type { ApiContext } from './context';
import { answerClientError, installErrorHandling, sendError } from './errors';
import { refuseControlCharacters } from './input-guard';
import { installMetrics } from './metrics';
import { installTracing } from './tracing';
import { methodNotAllowed } from './method-not-allowed';
import { mountQueueDashboard } from './queue-dashboard';
import { registerOpenApi } from './openapi';
import { accountStoryRoutes } from './routes/account-story';
import { accountRoutes } from './routes/accounts';
import { alertRoutes } from './routes/alerts';
import { billingRoutes } from './routes/billing';
import { billingEventRoutes } from './routes/billing-events';
import { billingPeriodRoutes } from './routes/billing-periods';
import { consoleRoutes } from './routes/console';
import { creditRoutes } from './routes/credit';
import { directoryRoutes } from './routes/directory';
import { fundingPolicyRoutes } from './routes/funding-policies';
import { enterpriseRoutes } from './routes/enterprises';
import { exportRoutes } from './routes/export';
import { previewRoutes } from './routes/previews';
import { notificationRoutes } from './routes/notifications';
import { notificationRedriveRoutes } from './routes/notification-redrive';
import { transferRoutes } from './routes/transfers';
import { opsRoutes } from './routes/ops';
import { webhookRoutes } from './routes/webhooks';
import { principalSchema, responses } from './schemas';
import { validatorCompiler } from './validation';

export interface AppDeps extends ApiContext {
  logger: Logger;
  /** With queues, ops get the queue dashboard at /admin/queues. */
  queues?: Queues;
}

/** A caller's own request id is kept when it is a sane token (so traces join up); otherwise a fresh UUID. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
}

/**
 * The whole HTTP API, ready for `listen` or `inject`: public routes (health, OpenAPI, console) and, behind
 * bearer-token authentication, every capability route.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is what Fastify logs with; its generic type differs only in custom levels.
    loggerInstance: deps.logger.child({ component: 'api' }) as FastifyBaseLogger,
    genReqId: requestId,
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    // The router's own refusals (a malformed URL, a path part over maxParamLength) in the one error shape too.
    frameworkErrors: (err, request, reply) => sendError(err, request, reply),
    clientErrorHandler: answerClientError,
  });
  installTracing(app);
  app.setValidatorCompiler(validatorCompiler);
  installErrorHandling(app);
  refuseControlCharacters(app);
  const methods = methodNotAllowed(app);
  methods.collect();
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await registerOpenApi(app);

  installMetrics(app);
  // Liveness: the process answers (no dependency touched). Readiness: Postgres, Redis and Temporal answer
  // through this process's own connections, else 503 naming each one down (/health is the same check).
  app.get('/livez', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  const probes = probesOf({ db: deps.db, temporal: deps.temporal, redis: deps.queues?.connection });
  const ready = async () => ({ status: 'ok', checks: await readiness(probes) });
  app.get('/readyz', { schema: { hide: true } }, ready);
  app.get('/health', { schema: { hide: true } }, ready);
  await consoleRoutes(app);

  await app.register(async (api) => {
    requireToken(api, deps.db);
    api.get('/me', { schema: { tags: ['auth'], summary: 'The principal the token belongs to', response: responses(principalSchema) } }, async (request) => request.principal);
    enterpriseRoutes(api, deps);
    accountRoutes(api, deps);
    accountStoryRoutes(api, deps);
    previewRoutes(api, deps);
    exportRoutes(api, deps);
    alertRoutes(api, deps);
    creditRoutes(api, deps);
    transferRoutes(api, deps);
    notificationRoutes(api, deps);
    notificationRedriveRoutes(api, deps);
    billingRoutes(api, deps);
    billingPeriodRoutes(api, deps);
    billingEventRoutes(api, deps);
    directoryRoutes(api, deps);
    fundingPolicyRoutes(api, deps);
    webhookRoutes(api, deps);
    opsRoutes(api, deps);
  });
  methods.answer();
  const queues = deps.queues;
  if (queues) {
    await app.register(async (admin) => {
      // Answered here: Bull Board's plugin has its own error handler, which would hide our error shape.
      admin.addHook('onRequest', async (request, reply) => {
        try {
          await authenticate(deps.db, request, reply, { cookie: true });
          authorize(request, 'queues.manage');
        } catch (err) {
          return sendError(err, request, reply);
        }
      });
      await mountQueueDashboard(admin, queues);
    });
  }
  return app;
}
