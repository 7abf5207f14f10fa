import type { Knex } from 'knex';

/**
 * What an account's alerts may say beyond "low balance":
 * - alert_recovered: opt-in "recovered" message when a fired low-balance alert re-arms (back at or above its threshold).
 * - runway_days: the runway alert, "fewer than N days of available quota left at the last 7 days' spend rate"
 *   (null: off). runway_state / runway_crossings keep it fire-once, exactly like alert_state / alert_crossings.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE accounts
      ADD COLUMN alert_recovered boolean NOT NULL DEFAULT false,
      ADD COLUMN runway_days integer CONSTRAINT accounts_runway_days_check CHECK (runway_days BETWEEN 1 AND 365),
      ADD COLUMN runway_state text NOT NULL DEFAULT 'armed' CONSTRAINT accounts_runway_state_check CHECK (runway_state IN ('armed', 'fired')),
      ADD COLUMN runway_crossings integer NOT NULL DEFAULT 0 CONSTRAINT runway_crossings_not_negative CHECK (runway_crossings >= 0);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE accounts DROP COLUMN alert_recovered, DROP COLUMN runway_days, DROP COLUMN runway_state, DROP COLUMN runway_crossings;
  `);
}
