import type { DeliveryTable } from '../db/deliveries';
import { NOTIFICATION_DELIVERIES } from '../db/notification-delivery';

/**
 * Every kind of thing uam delivers at most once, by the name of its jobs in the 'deliveries' queue. A new kind
 * (webhook deliveries) adds its table here and its target to the notifier; claiming, retries, give-up, the
 * re-drive of what Redis lost and the dashboard's Retry then work for it unchanged.
 */
export const DELIVERY_KINDS: Readonly<Record<string, DeliveryTable>> = {
  notification: NOTIFICATION_DELIVERIES,
};
