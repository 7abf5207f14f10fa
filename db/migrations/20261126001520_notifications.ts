import type { Knex } from 'knex';

/**
 * One row per message (an event, a channel, a recipient) and one row per attempt to send it. The
 * idempotency key (event dedupe key + channel + recipient) is unique, so a retried job finds the message
 * already sent and does not send it again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE notifications (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      idempotency_key text NOT NULL UNIQUE,
      event_key text NOT NULL,
      topic text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 320),
      -- The account the event is about, and the account whose contact receives it (often the MA account).
      account_id integer REFERENCES accounts(id),
      recipient_account_id integer REFERENCES accounts(id),
      enterprise_id integer REFERENCES enterprises(id),
      subject text NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'retrying', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      CONSTRAINT notification_sent_has_time CHECK ((status = 'sent') = (sent_at IS NOT NULL))
    );
    CREATE INDEX notifications_account ON notifications (account_id, id);
    CREATE INDEX notifications_recipient_account ON notifications (recipient_account_id, id);

    CREATE TABLE notification_attempts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      notification_id bigint NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
      attempt integer NOT NULL CHECK (attempt >= 1),
      outcome text NOT NULL CHECK (outcome IN ('sent', 'retryable', 'permanent')),
      error text,
      at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (notification_id, attempt)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE notification_attempts; DROP TABLE notifications;');
}
