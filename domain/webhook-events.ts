import type { EventTopic } from './events';

/**
 * The events an endpoint may ask for: the events that are messages to people, by their topic. Plain data (no
 * Node built-ins), so the console offers this same list when an endpoint is registered.
 */
export const WEBHOOK_EVENTS = [
  'alert.low_balance', 'alert.recovered', 'alert.runway', 'account.stopped', 'account.resumed',
  'transfer.completed', 'transfer.failed', 'credit.enterprise_changed', 'credit.member_changed',
  'credit.application_decided', 'credit.contract_pending',
] as const satisfies readonly EventTopic[];
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const isWebhookEvent = (topic: string): topic is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(topic);

