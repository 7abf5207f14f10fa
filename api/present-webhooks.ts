/** What the API shows of webhook endpoints and deliveries: ids as strings, times as ISO 8601, never a secret. */
import { answeredStatus } from '../domain/webhooks';
import type { WebhookDelivery, WebhookEndpoint } from '../services/webhooks';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function presentWebhook(w: WebhookEndpoint) {
  return {
    id: w.id.toString(),
    enterpriseId: w.enterpriseId,
    url: w.url,
    events: w.events,
    status: w.status,
    failingSince: iso(w.failingSince),
    disabledAt: iso(w.disabledAt),
    disabledReason: w.disabledReason,
    createdBy: w.createdBy,
    createdAt: w.createdAt.toISOString(),
  };
}

export function presentWebhookDelivery(d: WebhookDelivery) {
  return {
    id: d.id.toString(),
    eventId: d.eventKey,
    type: d.topic,
    status: d.status,
    attempts: d.attempts.map((a) => ({ attempt: a.attempt, outcome: a.outcome, error: a.error, responseStatus: answeredStatus(a.error), at: a.at.toISOString() })),
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    sentAt: iso(d.sentAt),
  };
}
