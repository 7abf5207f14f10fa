import type { Knex } from 'knex';

/**
 * Two values the ledger's functions pass around (db/sql):
 * - uam_leg, one leg of a posting, as uam_post takes them: one book (an account's, or the enterprise's when
 *   account_id is null), the amount it moves by, and what a transfer book counts as sent (`transferred`) or
 *   taken back (`withdrawn`) with it. One helper posts every ledger transaction from these.
 * - uam_term, one term of a guarded operation's limit: a bound with its amount (or, limits = false, a figure
 *   shown to explain another). The maximum is the smallest bound (ledger-limits.sql).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TYPE uam_leg AS (account_id integer, kind text, source_id integer, amount bigint, transferred bigint, withdrawn bigint);
    CREATE TYPE uam_term AS (term text, amount bigint, limits boolean);
  `);
}

export async function down(knex: Knex): Promise<void> {
  // The functions that take them go with the types; clearing the hash makes the next migrate create them again.
  await knex.raw(`
    DROP TYPE uam_leg, uam_term CASCADE;
    COMMENT ON TYPE uam_result IS NULL;
  `);
}
