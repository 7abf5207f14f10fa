import type { Knex } from 'knex';
import type { Config } from '../core/config';
import { metrics } from '../core/metrics';
import { writeOutbox } from '../db/outbox';
import { transaction } from '../db/transaction';
import { endpointForSending, noteEndpointAttempt, WEBHOOK_DELIVERIES } from '../db/webhooks';
import { answeredMessage, signWebhook, WEBHOOK_HEADERS } from '../domain/webhooks';
import type { DeliveryTarget } from './deliver';
import { DeliveryError } from './delivery-error';
import { checkWebhookUrl } from './webhook-url';

/** The job name of a webhook delivery in the 'deliveries' queue. */
export const WEBHOOK_KIND = 'webhook';

/** How long one delivery attempt may take, connection to last byte. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * Webhook deliveries as a delivery target: the recorded body POSTed to the endpoint, signed at this attempt's
 * time. Any 2xx is a delivery; anything else (another status, a redirect, a timeout, a refused connection) is
 * retried with the queue's backoff until the delivery's retry window ends. Every attempt also keeps the
 * endpoint's failure record: one that has failed for the whole window is disabled, and the enterprise told once.
 */
export function webhookTarget(db: Knex, config: Pick<Config, 'env' | 'retry'>): DeliveryTarget {
  return {
    table: WEBHOOK_DELIVERIES,
    async send(row) {
      const endpointId = BigInt(row.endpoint_id as bigint);
      const endpoint = await endpointForSending(db, endpointId);
      if (!endpoint || endpoint.status !== 'active') throw new DeliveryError('the endpoint is disabled', true);
      const url = await checkWebhookUrl(endpoint.url, config.env).catch((err: Error) => {
        throw new DeliveryError(err.message, true);
      });
      let ok = false;
      try {
        await post(url, endpoint.secret, row.event_key as string, row.body as string);
        ok = true;
      } finally {
        await transaction(db, async (trx) => {
          if (!(await noteEndpointAttempt(trx, endpointId, ok, config.retry.giveUpAfterMs))) return;
          await writeOutbox(trx, {
            topic: 'webhook.disabled',
            dedupeKey: `webhook.disabled:${endpointId}:${Date.now()}`,
            payload: { enterpriseId: endpoint.enterpriseId, endpointId: endpointId.toString(), url: endpoint.url },
          });
        });
      }
    },
    attempted: (_row, outcome) => metrics.webhookDeliveries.inc({ outcome }),
  };
}

async function post(url: string, secret: string, eventKey: string, body: string): Promise<void> {
  const timestamp = Math.floor(Date.now() / 1000);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'uam-webhooks/1',
        [WEBHOOK_HEADERS.id]: eventKey,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
      },
    });
  } catch (err) {
    throw new DeliveryError(`POST failed: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`, false, { cause: err });
  }
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) throw new DeliveryError(answeredMessage(response.status), false);
}
