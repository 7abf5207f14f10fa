import type { Knex } from 'knex';
import { UamError } from '../core/errors';

type Conn = Knex | Knex.Transaction;

export type Channel = 'email' | 'sms';
export type NotificationStatus = 'pending' | 'sending' | 'retrying' | 'sent' | 'failed';

/** A message to send, keyed by event dedupe key + channel + recipient. */
export interface NewNotification {
  idempotencyKey: string;
  eventKey: string;
  topic: string;
  channel: Channel;
  recipient: string;
  accountId: number | null;
  recipientAccountId: number | null;
  enterpriseId: number | null;
  subject: string;
  body: string;
}

export interface NotificationAttempt {
  attempt: number;
  /** null while the attempt is under way; 'interrupted' when its worker stopped before it knew the answer. */
  outcome: 'sent' | 'retryable' | 'permanent' | 'interrupted' | null;
  error: string | null;
  at: Date;
}

export interface NotificationRecord {
  id: bigint;
  topic: string;
  channel: Channel;
  recipient: string;
  accountId: number | null;
  recipientAccountId: number | null;
  subject: string;
  body: string;
  status: NotificationStatus;
  attempts: NotificationAttempt[];
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface NotificationPage {
  items: NotificationRecord[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

export const MAX_NOTIFICATION_PAGE = 200;

/**
 * The messages about or to one account, newest first: what was sent, to whom, and every attempt with its
 * outcome. Keyset-paged on id (`before` is the previous page's `next`).
 */
export async function listNotifications(
  db: Conn,
  accountId: number,
  page: { limit?: number; before?: string } = {},
): Promise<NotificationPage> {
  const limit = page.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NOTIFICATION_PAGE) {
    throw new UamError('VALIDATION_FAILED', `limit: must be 1 to ${MAX_NOTIFICATION_PAGE}`, { field: 'limit' });
  }
  if (page.before !== undefined && !/^\d{1,18}$/.test(page.before)) {
    throw new UamError('VALIDATION_FAILED', 'before: not a cursor returned by this API', { field: 'before' });
  }
  const { rows } = await db.raw(
    `SELECT n.*, coalesce((SELECT jsonb_agg(jsonb_build_object('attempt', t.attempt, 'outcome', t.outcome, 'error', t.error, 'at', t.at)
                                           ORDER BY t.attempt) FROM notification_attempts t WHERE t.notification_id = n.id), '[]') AS attempt_list
     FROM notifications n
     WHERE (n.account_id = ? OR n.recipient_account_id = ?) AND n.id < ?
     ORDER BY n.id DESC LIMIT ?`,
    [accountId, accountId, page.before ?? '9223372036854775807', limit + 1],
  );
  const list = rows as Array<Record<string, unknown>>;
  const items = list.slice(0, limit).map(toRecord);
  return { items, next: list.length > limit ? items[items.length - 1]!.id.toString() : null };
}

function toRecord(r: Record<string, unknown>): NotificationRecord {
  const attempts = (r.attempt_list as Array<Omit<NotificationAttempt, 'at'> & { at: string }>).map((a) => ({ ...a, at: new Date(a.at) }));
  return {
    id: r.id as bigint,
    topic: r.topic as string,
    channel: r.channel as Channel,
    recipient: r.recipient as string,
    accountId: (r.account_id as number | null) ?? null,
    recipientAccountId: (r.recipient_account_id as number | null) ?? null,
    subject: r.subject as string,
    body: r.body as string,
    status: r.status as NotificationStatus,
    attempts,
    lastError: (r.last_error as string | null) ?? null,
    createdAt: r.created_at as Date,
    sentAt: (r.sent_at as Date | null) ?? null,
  };
}
