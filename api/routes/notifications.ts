import type { FastifyInstance } from 'fastify';
import { accountNotifications, MAX_NOTIFICATION_PAGE, type NotificationRecord } from '../../services/notifications';
import type { ApiContext } from '../context';
import { historyQuery, idParams, nullable, responses } from '../schemas';

const text = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;

const notificationSchema = {
  type: 'object',
  properties: {
    id: text, topic: text, channel: { type: 'string', enum: ['email', 'sms'] }, recipient: text,
    accountId: nullable({ type: 'integer' }), recipientAccountId: nullable({ type: 'integer' }), subject: text, body: text,
    status: { type: 'string', enum: ['pending', 'sending', 'retrying', 'sent', 'failed'] },
    attempts: {
      type: 'array',
      items: { type: 'object', properties: { attempt: { type: 'integer' }, outcome: text, error: nullable(text), at: time } },
    },
    lastError: nullable(text), createdAt: time, sentAt: nullable(time),
  },
} as const;

const present = (n: NotificationRecord) => ({
  ...n,
  id: n.id.toString(),
  attempts: n.attempts.map((a) => ({ ...a, at: a.at.toISOString() })),
  createdAt: n.createdAt.toISOString(),
  sentAt: n.sentAt?.toISOString() ?? null,
});

/** The messages sent about or to an account, with every delivery attempt. */
export function notificationRoutes(app: FastifyInstance, { db }: ApiContext): void {
  app.get<{ Params: { accountId: number }; Querystring: { limit: number; before?: string } }>('/accounts/:accountId/notifications', {
    schema: {
      tags: ['notifications'],
      summary: 'Notifications sent about or to an account (an MA account also receives its enterprise’s), newest first',
      params: idParams('accountId'),
      querystring: {
        ...historyQuery,
        properties: { ...historyQuery.properties, limit: { ...historyQuery.properties.limit, maximum: MAX_NOTIFICATION_PAGE } },
      },
      response: responses({ type: 'object', properties: { items: { type: 'array', items: notificationSchema }, next: nullable(text) } }),
    },
  }, async (request) => {
    const page = await accountNotifications(db, request.principal, request.params.accountId, request.query);
    return { items: page.items.map(present), next: page.next };
  });
}
