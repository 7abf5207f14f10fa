import type { Knex } from 'knex';
import type { Channel, NewNotification, NotificationStatus } from './notifications';

/**
 * The bookkeeping that makes sending idempotent: a message is recorded once (by idempotency key), claimed
 * before each attempt, and every attempt's outcome is written down. A claim left by a worker that died
 * mid-send is taken over after this long, so a message is never stuck.
 */
const CLAIM_LEASE = '5 minutes';

/** Records the message unless it already is (a retried job); its content is fixed by the first recording. */
export async function recordNotification(db: Knex, n: NewNotification): Promise<void> {
  await db('notifications')
    .insert({
      idempotency_key: n.idempotencyKey, event_key: n.eventKey, topic: n.topic, channel: n.channel, recipient: n.recipient,
      account_id: n.accountId, recipient_account_id: n.recipientAccountId, enterprise_id: n.enterpriseId,
      subject: n.subject, body: n.body,
    })
    .onConflict('idempotency_key')
    .ignore();
}

export interface ClaimedNotification {
  id: bigint;
  attempt: number;
  channel: Channel;
  recipient: string;
  subject: string;
  body: string;
}

export type Claim = { claimed: ClaimedNotification } | { claimed: null; status: NotificationStatus };

/** Takes the message for one attempt, unless it was sent, failed for good, or another worker is sending it. */
export async function claimNotification(db: Knex, idempotencyKey: string): Promise<Claim> {
  const { rows } = await db.raw(
    `UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
     WHERE idempotency_key = ?
       AND (status IN ('pending', 'retrying') OR (status = 'sending' AND updated_at < now() - interval '${CLAIM_LEASE}'))
     RETURNING id, attempts, channel, recipient, subject, body`,
    [idempotencyKey],
  );
  const row = (rows as Array<Record<string, unknown>>)[0];
  if (row) {
    return {
      claimed: {
        id: row.id as bigint, attempt: row.attempts as number, channel: row.channel as Channel,
        recipient: row.recipient as string, subject: row.subject as string, body: row.body as string,
      },
    };
  }
  const current = await db('notifications').where({ idempotency_key: idempotencyKey }).first('status');
  return { claimed: null, status: (current?.status as NotificationStatus | undefined) ?? 'failed' };
}

export type AttemptOutcome = 'sent' | 'retryable' | 'permanent';

/**
 * Writes an attempt's outcome and the message's new status together: sent; retrying; or failed (permanent,
 * or the last attempt the job will make).
 */
export async function finishAttempt(
  db: Knex,
  claimed: Pick<ClaimedNotification, 'id' | 'attempt'>,
  outcome: AttemptOutcome,
  options: { error?: string; finalAttempt?: boolean } = {},
): Promise<NotificationStatus> {
  const status: NotificationStatus =
    outcome === 'sent' ? 'sent' : outcome === 'permanent' || options.finalAttempt ? 'failed' : 'retrying';
  await db.transaction(async (trx) => {
    await trx('notification_attempts').insert({ notification_id: claimed.id, attempt: claimed.attempt, outcome, error: options.error ?? null });
    await trx('notifications')
      .where({ id: claimed.id })
      .update({ status, last_error: options.error ?? null, updated_at: trx.fn.now(), sent_at: outcome === 'sent' ? trx.fn.now() : null });
  });
  return status;
}
