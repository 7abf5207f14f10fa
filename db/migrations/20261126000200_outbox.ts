import type { Knex } from 'knex';

/**
 * Events that must reach a queue are written here in the same transaction as the change that caused them,
 * then relayed to BullMQ. `dedupe_key` doubles as the BullMQ job id, so a re-relay is a no-op.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      topic text NOT NULL,
      dedupe_key text NOT NULL UNIQUE,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      relayed_at timestamptz
    );
    CREATE INDEX outbox_pending ON outbox (id) WHERE relayed_at IS NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE outbox');
}
