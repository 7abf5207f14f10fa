import type { FastifyInstance } from 'fastify';
import { WEBHOOK_EVENTS } from '../../domain/webhooks';
import { createWebhook, enableWebhook, listWebhookDeliveries, listWebhooks, resendWebhookDelivery, type WebhookInput } from '../../services/webhooks';
import type { Queues } from '../../queues/queues';
import type { ApiContext } from '../context';
import { historyPage, pageRequest } from '../present';
import { presentWebhook, presentWebhookDelivery } from '../present-webhooks';
import { historyPage as historyPageSchema, historyQuery, id, idParams, nullable, responses } from '../schemas';

const time = { type: 'string', description: 'ISO 8601' } as const;
const webhookId = { type: 'string', pattern: '^[0-9]{1,19}$' } as const;

const webhookSchema = {
  type: 'object',
  properties: {
    id: webhookId,
    enterpriseId: { type: 'integer' },
    url: { type: 'string' },
    events: { type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
    status: { type: 'string', enum: ['active', 'disabled'], description: 'disabled: every delivery failed for the whole retry window (24 h)' },
    failingSince: nullable({ ...time, description: 'when its current run of failed deliveries began' }),
    disabledAt: nullable(time),
    disabledReason: nullable({ type: 'string' }),
    createdBy: { type: 'string' },
    createdAt: time,
  },
} as const;

const deliverySchema = {
  type: 'object',
  properties: {
    id: webhookId,
    eventId: { type: 'string', description: 'the event id, also sent as the uam-webhook-id header' },
    type: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'sending', 'retrying', 'sent', 'failed'] },
    attempts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          attempt: { type: 'integer' },
          outcome: nullable({ type: 'string', enum: ['sent', 'retryable', 'permanent', 'interrupted'], description: 'null while under way' }),
          error: nullable({ type: 'string' }),
          responseStatus: nullable({ type: 'integer', description: 'the HTTP status of a refused attempt (null: delivered with a 2xx, or no answer)' }),
          at: time,
        },
      },
    },
    lastError: nullable({ type: 'string' }),
    createdAt: time,
    sentAt: nullable(time),
  },
} as const;

/** These actions take no input: a body, if sent, must be an empty object (a request without one is not validated). */
const emptyBody = { content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: {} } } } } as const;

type EnterpriseParams = { Params: { enterpriseId: number } };
type WebhookParams = { Params: { enterpriseId: number; webhookId: string } };
type DeliveryParams = { Params: { enterpriseId: number; webhookId: string; deliveryId: string } };

const params = (...names: string[]) => ({
  type: 'object', additionalProperties: false, required: names,
  properties: Object.fromEntries(names.map((n) => [n, n === 'enterpriseId' ? id : webhookId])),
});

/** An enterprise's webhook endpoints, their deliveries and resends (the enterprise admin only). */
export function webhookRoutes(app: FastifyInstance, deps: ApiContext & { queues?: Queues }): void {
  const tags = ['webhooks'];

  app.post<EnterpriseParams & { Body: WebhookInput }>('/enterprises/:enterpriseId/webhooks', {
    schema: {
      tags, summary: 'Register an HTTPS endpoint for events; the signing secret is in this answer only (enterprise admin)',
      params: idParams('enterpriseId'),
      body: {
        type: 'object', additionalProperties: false, required: ['url', 'events'],
        properties: {
          url: { type: 'string', maxLength: 2000, description: 'https: (http: to localhost only when NODE_ENV=development); no private-network address in production' },
          events: { type: 'array', minItems: 1, items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
        },
      },
      response: responses({ ...webhookSchema, properties: { ...webhookSchema.properties, secret: { type: 'string', description: 'shown once: keep it to verify signatures' } } }, 201),
    },
  }, async (request, reply) => {
    const created = await createWebhook(deps, request.principal, request.params.enterpriseId, request.body);
    return reply.code(201).send({ ...presentWebhook(created), secret: created.secret });
  });

  app.get<EnterpriseParams>('/enterprises/:enterpriseId/webhooks', {
    schema: {
      tags, summary: "The enterprise's webhook endpoints (never their secrets)", params: idParams('enterpriseId'),
      response: responses({ type: 'object', properties: { items: { type: 'array', items: webhookSchema } } }),
    },
  }, async (request) => ({ items: (await listWebhooks(deps, request.principal, request.params.enterpriseId)).map(presentWebhook) }));

  app.post<WebhookParams>('/enterprises/:enterpriseId/webhooks/:webhookId/enable', {
    schema: { tags, summary: 'Turn a disabled endpoint back on', params: params('enterpriseId', 'webhookId'), body: emptyBody, response: responses(webhookSchema) },
  }, async (request) => presentWebhook(await enableWebhook(deps, request.principal, request.params.enterpriseId, BigInt(request.params.webhookId))));

  app.get<WebhookParams & { Querystring: { limit: number; before?: string } }>('/enterprises/:enterpriseId/webhooks/:webhookId/deliveries', {
    schema: {
      tags, summary: "An endpoint's deliveries, newest first, each with every attempt",
      params: params('enterpriseId', 'webhookId'), querystring: historyQuery, response: responses(historyPageSchema(deliverySchema)),
    },
  }, async (request) => {
    const rows = await listWebhookDeliveries(deps, request.principal, request.params.enterpriseId, BigInt(request.params.webhookId), pageRequest(request.query));
    return historyPage(rows, request.query.limit, presentWebhookDelivery);
  });

  app.post<DeliveryParams>('/enterprises/:enterpriseId/webhooks/:webhookId/deliveries/:deliveryId/resend', {
    schema: {
      tags, summary: 'Send a failed delivery again, with a fresh retry window (a delivered one is refused: INVALID_STATE)',
      params: params('enterpriseId', 'webhookId', 'deliveryId'),
      body: emptyBody,
      response: responses({ type: 'object', properties: { resent: { type: 'boolean' } } }, 202),
    },
  }, async (request, reply) => {
    const { enterpriseId, webhookId: hook, deliveryId } = request.params;
    await resendWebhookDelivery(deps, request.principal, enterpriseId, BigInt(hook), BigInt(deliveryId));
    return reply.code(202).send({ resent: true });
  });
}
