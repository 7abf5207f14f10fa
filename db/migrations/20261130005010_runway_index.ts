import type { Knex } from 'knex';

/**
 * The accounts with a runway alert: the periodic scan judges each of them every time (their runway moves with
 * time as well as with postings), and finds them from this partial index beside accounts_alert_due. Built
 * CONCURRENTLY: no lock on a live accounts table.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_runway_watch ON accounts (id) WHERE alert_enabled AND runway_days IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS accounts_runway_watch');
}
