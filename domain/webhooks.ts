import { createHmac, randomBytes } from 'node:crypto';

export { isWebhookEvent, WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events';

/** The status an endpoint answered with, as a failed attempt records it (the console shows the code). */
export const answeredMessage = (status: number): string => `the endpoint answered HTTP ${status}`;
export const answeredStatus = (error: string | null): number | null => {
  const match = /the endpoint answered HTTP (\d{3})$/.exec(error ?? '');
  return match ? Number(match[1]) : null;
};

/** The headers of every delivery (README "Webhooks" has the verification recipe). */
export const WEBHOOK_HEADERS = {
  /** The event's id: the same for every attempt and every resend, so a receiver can drop repeats. */
  id: 'uam-webhook-id',
  /** Unix seconds when this attempt was signed. */
  timestamp: 'uam-webhook-timestamp',
  /** `v1=` and the hex HMAC-SHA256, keyed by the endpoint's secret, of `<timestamp>.<body>`. */
  signature: 'uam-webhook-signature',
} as const;

/** A new endpoint secret: 32 random bytes, hex, with a prefix that says what it is. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('hex')}`;

/** The signature header's value for this body signed at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The JSON body of one event's deliveries: its id, type, enterprise and payload (amounts in fen, as strings). */
export function webhookBody(event: { key: string; topic: string; enterpriseId: number; data: unknown }): string {
  return JSON.stringify({ id: event.key, type: event.topic, enterpriseId: event.enterpriseId, data: event.data });
}
