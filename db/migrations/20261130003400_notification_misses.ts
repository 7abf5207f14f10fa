import type { Knex } from 'knex';

/**
 * Events that reached nobody on behalf of an account (or, account_id null, of the enterprise), because no
 * contact there asked for the event: recorded and listed, never dropped silently. One row per event and party.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE notification_misses (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_key text NOT NULL,
      topic text NOT NULL,
      event text NOT NULL CHECK (event IN ('low_balance', 'account_stopped', 'credit', 'transfers')),
      enterprise_id integer NOT NULL REFERENCES enterprises(id),
      account_id integer REFERENCES accounts(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT notification_misses_once UNIQUE NULLS NOT DISTINCT (event_key, account_id)
    );
    CREATE INDEX notification_misses_enterprise ON notification_misses (enterprise_id, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE notification_misses');
}
