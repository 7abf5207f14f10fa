import type { Knex } from 'knex';

/**
 * The accounts whose alert state disagrees with their balance — armed and below the threshold, or fired and
 * back at or above it — are exactly the ones the periodic scan must act on. This partial index holds only
 * those (a handful in steady state), so a scan page finds them without reading its accounts' rows. Its
 * upkeep is one predicate check on updates that change `available`, which are never HOT updates anyway
 * (accounts_enterprise_available indexes it). Built CONCURRENTLY: no lock on a live accounts table.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_alert_due ON accounts (id)
    WHERE alert_enabled AND (alert_state = 'armed') = (available < alert_threshold)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS accounts_alert_due');
}
