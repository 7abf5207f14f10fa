import type { Knex } from 'knex';

/**
 * Wakes the outbox relay as soon as a transaction that wrote outbox rows commits (NOTIFY is delivered on
 * commit and collapsed per transaction), so events do not wait for the next poll. The relay still polls:
 * a notification is only a hint.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION uam_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('uam_outbox', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION uam_outbox_notify();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER outbox_notify ON outbox; DROP FUNCTION uam_outbox_notify();');
}
