import type { Knex } from 'knex';

/**
 * Drops the outbox NOTIFY trigger. NOTIFY takes a database-wide lock from commit until the end of the
 * transaction, so every ledger posting (each writes outbox rows) committed one at a time: bench:ledger fell
 * to a third of its throughput. The relay polls the pending-rows index instead (OUTBOX_POLL_MS).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER outbox_notify ON outbox; DROP FUNCTION uam_outbox_notify();');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION uam_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('uam_outbox', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION uam_outbox_notify();
  `);
}
