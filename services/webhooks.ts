import type { Knex } from 'knex';
import type { Config } from '../core/config';
import { UamError } from '../core/errors';
import type { Db } from '../db/connection';
import { enableEndpoint, findEndpoint, insertEndpoint, listDeliveries, listEndpoints, resendDelivery, type WebhookDelivery, type WebhookEndpoint } from '../db/webhooks';
import { actorOf, type Principal } from '../domain/principal';
import { isWebhookEvent, newWebhookSecret, WEBHOOK_EVENTS } from '../domain/webhooks';
import { ensureDelivery } from '../notifications/delivery-processor';
import { WEBHOOK_KIND } from '../notifications/webhook-target';
import { checkWebhookUrl } from '../notifications/webhook-url';
import type { Queues } from '../queues/queues';
import { enterpriseInScope } from './scope';

export type { WebhookDelivery, WebhookEndpoint };

export interface WebhookDeps {
  db: Db;
  config: Pick<Config, 'env' | 'retry'>;
  /** Where a resend is queued; without it (an API without Redis) the workers' re-drive picks it up. */
  queues?: Pick<Queues, 'deliveries'>;
}

/** The most endpoints one enterprise keeps. */
export const MAX_WEBHOOKS = 20;

export interface WebhookInput {
  url?: unknown;
  events?: unknown;
}

function eventsOf(value: unknown): string[] {
  const ok = Array.isArray(value) && value.length > 0 && value.every((e) => typeof e === 'string' && isWebhookEvent(e));
  if (!ok) {
    throw new UamError('VALIDATION_FAILED', `events: a non-empty list of ${WEBHOOK_EVENTS.join(', ')}`, { field: 'events', allowed: WEBHOOK_EVENTS });
  }
  return [...new Set(value as string[])];
}

/**
 * Registers an endpoint (the enterprise admin). The URL is checked (https:, and no private network in
 * production); the secret is made here and returned this once — it is never shown or logged again.
 */
export async function createWebhook(deps: WebhookDeps, principal: Principal, enterpriseId: number, input: WebhookInput): Promise<WebhookEndpoint & { secret: string }> {
  await enterpriseInScope(deps.db, principal, 'webhooks.manage', enterpriseId);
  const events = eventsOf(input.events);
  const url = await checkWebhookUrl(input.url, deps.config.env);
  if ((await listEndpoints(deps.db, enterpriseId)).length >= MAX_WEBHOOKS) {
    throw new UamError('VALIDATION_FAILED', `url: an enterprise keeps at most ${MAX_WEBHOOKS} webhook endpoints`, { field: 'url', maximum: MAX_WEBHOOKS });
  }
  const secret = newWebhookSecret();
  const endpoint = await insertEndpoint(deps.db, { enterpriseId, url, events, secret, actor: actorOf(principal) });
  return { ...endpoint, secret };
}

export async function listWebhooks(deps: Pick<WebhookDeps, 'db'>, principal: Principal, enterpriseId: number): Promise<WebhookEndpoint[]> {
  await enterpriseInScope(deps.db, principal, 'webhooks.manage', enterpriseId);
  return listEndpoints(deps.db, enterpriseId);
}

async function endpointInScope(db: Knex, principal: Principal, enterpriseId: number, webhookId: bigint): Promise<WebhookEndpoint> {
  await enterpriseInScope(db, principal, 'webhooks.manage', enterpriseId);
  const endpoint = await findEndpoint(db, enterpriseId, webhookId);
  if (!endpoint) throw new UamError('WEBHOOK_NOT_FOUND', `webhook ${webhookId} not found`, { webhookId: webhookId.toString() });
  return endpoint;
}

/** Turns a disabled endpoint back on (after its receiver is fixed); its failed deliveries can then be resent. */
export async function enableWebhook(deps: Pick<WebhookDeps, 'db'>, principal: Principal, enterpriseId: number, webhookId: bigint): Promise<WebhookEndpoint> {
  const endpoint = await endpointInScope(deps.db, principal, enterpriseId, webhookId);
  if (!(await enableEndpoint(deps.db, webhookId))) {
    throw new UamError('INVALID_STATE', `webhook ${webhookId} is not disabled`, { webhookId: webhookId.toString(), status: endpoint.status });
  }
  return (await findEndpoint(deps.db, enterpriseId, webhookId))!;
}

/** An endpoint's deliveries, newest first, each with every attempt and its outcome. */
export async function listWebhookDeliveries(
  deps: Pick<WebhookDeps, 'db'>, principal: Principal, enterpriseId: number, webhookId: bigint, page: { limit: number; before?: bigint },
): Promise<WebhookDelivery[]> {
  await endpointInScope(deps.db, principal, enterpriseId, webhookId);
  return listDeliveries(deps.db, webhookId, page);
}

/**
 * Resends a delivery by hand: one that failed (it ran out of retries, or its endpoint was disabled) is due again
 * with a fresh retry window. A delivered one is refused — an event is delivered to an endpoint at most once —
 * and so is one still being retried (it is already on its way). The endpoint must be active.
 */
export async function resendWebhookDelivery(deps: WebhookDeps, principal: Principal, enterpriseId: number, webhookId: bigint, deliveryId: bigint): Promise<void> {
  const endpoint = await endpointInScope(deps.db, principal, enterpriseId, webhookId);
  if (endpoint.status !== 'active') {
    throw new UamError('INVALID_STATE', `webhook ${webhookId} is disabled: enable it to resend to it`, { webhookId: webhookId.toString(), status: endpoint.status });
  }
  const result = await resendDelivery(deps.db, webhookId, deliveryId, deps.config.retry.giveUpAfterMs);
  if (result === null) throw new UamError('WEBHOOK_NOT_FOUND', `delivery ${deliveryId} of webhook ${webhookId} not found`, { deliveryId: deliveryId.toString() });
  if (result !== 'resent') {
    throw new UamError('INVALID_STATE', result === 'sent'
      ? `delivery ${deliveryId} was delivered already: an event is delivered once`
      : `delivery ${deliveryId} is still being retried (${result})`, { deliveryId: deliveryId.toString(), status: result });
  }
  if (deps.queues) await ensureDelivery(deps.queues.deliveries, WEBHOOK_KIND, deliveryId);
}
