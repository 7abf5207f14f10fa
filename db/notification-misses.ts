import type { Knex } from 'knex';
import type { ContactEvent } from '../domain/contacts';

type Conn = Knex | Knex.Transaction;

/** An event that no contact of an account (or, accountId null, of the enterprise) asked for. */
export interface NotificationMiss {
  eventKey: string;
  topic: string;
  event: ContactEvent;
  enterpriseId: number;
  accountId: number | null;
}

/** Records "no recipient" for each party; a retried job records nothing twice. */
export async function recordMisses(db: Conn, misses: NotificationMiss[]): Promise<void> {
  if (misses.length === 0) return;
  await db('notification_misses')
    .insert(misses.map((m) => ({ event_key: m.eventKey, topic: m.topic, event: m.event, enterprise_id: m.enterpriseId, account_id: m.accountId })))
    .onConflict(['event_key', 'account_id'])
    .ignore();
}

export interface NotificationMissRecord extends NotificationMiss {
  id: bigint;
  accountName: string | null;
  createdAt: Date;
}

/** An enterprise's "no recipient" records (optionally one account's), newest first, keyset-paged on id. */
export async function listMisses(
  db: Conn,
  q: { enterpriseId: number; accountId?: number; limit: number; before?: string },
): Promise<NotificationMissRecord[]> {
  const rows = await db('notification_misses as m')
    .leftJoin('accounts as a', 'a.id', 'm.account_id')
    .where('m.enterprise_id', q.enterpriseId)
    .modify((b) => {
      if (q.accountId !== undefined) b.where('m.account_id', q.accountId);
      if (q.before !== undefined) b.where('m.id', '<', q.before);
    })
    .orderBy('m.id', 'desc')
    .limit(q.limit)
    .select('m.*', 'a.name as account_name');
  return (rows as Array<Record<string, unknown>>).map((r) => ({
    id: r.id as bigint, eventKey: r.event_key as string, topic: r.topic as string, event: r.event as ContactEvent,
    enterpriseId: r.enterprise_id as number, accountId: (r.account_id as number | null) ?? null,
    accountName: (r.account_name as string | null) ?? null, createdAt: r.created_at as Date,
  }));
}
