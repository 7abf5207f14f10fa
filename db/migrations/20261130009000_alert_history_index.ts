import type { Knex } from 'knex';

/**
 * An account's alert history (its low-balance, recovered and runway events, newest first) is read from the
 * outbox, where each crossing is written once in the posting's own transaction: this partial index finds one
 * account's events without reading the whole outbox. Built CONCURRENTLY: no lock on a live outbox.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX CONCURRENTLY IF NOT EXISTS outbox_account_alerts ON outbox ((payload->>'accountId'), id)
    WHERE topic IN ('alert.low_balance', 'alert.recovered', 'alert.runway')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS outbox_account_alerts');
}
