import type { Knex } from 'knex';

/**
 * Counts each account's low-balance crossings. The alert check bumps it in the same UPDATE that moves the
 * alert from 'armed' to 'fired', and the outbox event's dedupe key is `alert:<account>:<count>`, so one
 * crossing can only ever produce one event, whichever path (event-driven check or scan) got there first.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE accounts ADD COLUMN alert_crossings integer NOT NULL DEFAULT 0
      CONSTRAINT alert_crossings_not_negative CHECK (alert_crossings >= 0);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE accounts DROP COLUMN alert_crossings');
}
