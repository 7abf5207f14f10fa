import type { Knex } from 'knex';

/**
 * Postgres, not Redis, holds where every piece of queued work stands, so work lost from Redis is re-driven:
 * - outbox.done_at: the consumer finished the event (alert check committed, messages recorded). Relayed is not
 *   done: a Redis that restarts without persistence forgets the job, and the re-drive finds the row undone.
 *   Rows relayed before this migration were consumed then; they count as done.
 * - notifications.next_attempt_at: when the message is due (pending: now; retrying: its backoff; sending: the
 *   end of the sender's lease, after which another worker takes it over). give_up_at: the end of its retry budget.
 * - notification_attempts.outcome is NULL while an attempt is under way (written before sending), so a takeover
 *   knows an attempt was interrupted and records it as such.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE outbox ADD COLUMN done_at timestamptz;
    UPDATE outbox SET done_at = relayed_at WHERE relayed_at IS NOT NULL;
    CREATE INDEX outbox_undone ON outbox (relayed_at) WHERE done_at IS NULL AND relayed_at IS NOT NULL;

    ALTER TABLE notifications
      ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN give_up_at timestamptz NOT NULL DEFAULT now() + interval '1 day';
    CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status IN ('pending', 'sending', 'retrying');

    ALTER TABLE notification_attempts ALTER COLUMN outcome DROP NOT NULL;
    ALTER TABLE notification_attempts DROP CONSTRAINT notification_attempts_outcome_check;
    ALTER TABLE notification_attempts ADD CONSTRAINT notification_attempts_outcome_check
      CHECK (outcome IN ('sent', 'retryable', 'permanent', 'interrupted'));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    UPDATE notification_attempts SET outcome = 'retryable' WHERE outcome IS NULL OR outcome = 'interrupted';
    ALTER TABLE notification_attempts DROP CONSTRAINT notification_attempts_outcome_check;
    ALTER TABLE notification_attempts ADD CONSTRAINT notification_attempts_outcome_check CHECK (outcome IN ('sent', 'retryable', 'permanent'));
    ALTER TABLE notification_attempts ALTER COLUMN outcome SET NOT NULL;
    DROP INDEX notifications_due;
    ALTER TABLE notifications DROP COLUMN next_attempt_at, DROP COLUMN give_up_at;
    DROP INDEX outbox_undone;
    ALTER TABLE outbox DROP COLUMN done_at;
  `);
}
