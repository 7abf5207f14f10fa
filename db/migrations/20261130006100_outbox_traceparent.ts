import type { Knex } from 'knex';

/**
 * The trace an outbox event belongs to (W3C traceparent), so the queue job that handles it joins the trace of
 * the request that caused it. Its default reads the transaction's `uam.traceparent` setting, which a traced
 * ledger call sets (db/ledger/operations.ts): the events the ledger's SQL functions write carry it without the
 * functions knowing. NULL when tracing is off.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE outbox ADD COLUMN traceparent text DEFAULT NULLIF(current_setting('uam.traceparent', true), '')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE outbox DROP COLUMN traceparent');
}
