import type { FastifyInstance } from 'fastify';
import { MAX_REDRIVE, retryFailedNotifications, type RedriveRequest } from '../../services/notification-redrive';
import type { Queues } from '../../queues/queues';
import type { ApiContext } from '../context';
import { id, responses } from '../schemas';

const time = { type: 'string', maxLength: 40, description: 'ISO 8601 date-time' } as const;

/** Ops: failed messages sent again, each at most once (the same re-drive as the queue dashboard's Retry). */
export function notificationRedriveRoutes(app: FastifyInstance, deps: ApiContext & { queues?: Queues }): void {
  app.post<{ Body: { status: 'failed' } & RedriveRequest }>('/notifications/retry', {
    schema: {
      tags: ['notifications'],
      summary: 'Send failed messages again, with a fresh retry budget: those created since `since` (ops)',
      body: {
        type: 'object', additionalProperties: false, required: ['status', 'since'],
        properties: {
          status: { type: 'string', enum: ['failed'], description: 'only failed messages are re-driven' },
          since: time, until: time, enterpriseId: id, limit: { type: 'integer', minimum: 1, maximum: MAX_REDRIVE, default: 1000 },
        },
      },
      response: responses({
        type: 'object',
        properties: { retried: { type: 'integer' }, ids: { type: 'array', items: { type: 'string' } }, more: { type: 'boolean' } },
      }),
    },
  }, async (request) => {
    const { since, until, enterpriseId, limit } = request.body;
    return retryFailedNotifications(deps, request.principal, { since, until, enterpriseId, limit });
  });
}
