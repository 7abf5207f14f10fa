import type { Knex } from 'knex';

/**
 * The coupons an account can spend now (DESIGN.md: unexpired, with amount left): the one statement of that rule,
 * read by consumption (which draws on them, locking them through the view), the account's figures (how many)
 * and the account details (which). A simple view: Postgres folds it into each query, indexes included.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE VIEW valid_coupons AS
    SELECT * FROM coupons WHERE remaining > 0 AND expired_at IS NULL AND valid_from <= now() AND valid_to > now()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP VIEW IF EXISTS valid_coupons');
}
