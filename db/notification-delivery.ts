import type { Knex } from 'knex';
import type { DeliveryTable } from './deliveries';
import type { NewNotification } from './notifications';

type Conn = Knex | Knex.Transaction;

/** Notifications as a delivery table (db/deliveries.ts): claimed, attempted and finished like any delivery. */
export const NOTIFICATION_DELIVERIES: DeliveryTable = { items: 'notifications', attempts: 'notification_attempts', itemFk: 'notification_id' };

/**
 * Records an event's messages unless they already are (a retried job: the content is fixed by the first
 * recording), each due now and given up `giveUpAfterMs` from now. Returns the ids of those still to send.
 */
export async function recordNotifications(db: Conn, messages: NewNotification[], giveUpAfterMs: number): Promise<bigint[]> {
  if (messages.length === 0) return [];
  await db('notifications')
    .insert(messages.map((n) => ({
      idempotency_key: n.idempotencyKey, event_key: n.eventKey, topic: n.topic, channel: n.channel, recipient: n.recipient,
      account_id: n.accountId, recipient_account_id: n.recipientAccountId, enterprise_id: n.enterpriseId,
      subject: n.subject, body: n.body, give_up_at: db.raw(`now() + ?::float8 * interval '1 millisecond'`, [giveUpAfterMs]),
    })))
    .onConflict('idempotency_key')
    .ignore();
  const rows = await db('notifications')
    .whereIn('idempotency_key', messages.map((n) => n.idempotencyKey))
    .whereIn('status', ['pending', 'retrying', 'sending'])
    .orderBy('id')
    .select('id');
  return rows.map((r: { id: bigint }) => BigInt(r.id));
}
