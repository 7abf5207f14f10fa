import type { Knex } from 'knex';

/**
 * Billing periods. Debts are kept per period: each account's monthly and historical uncleared books are one per
 * billing period ("YYYY-MM"), and a leg names the period of the book it moves. billing_period_closes records
 * which periods are closed, for one enterprise or (enterprise_id null) for all: a charge for a closed period is
 * posted straight to historical uncleared.
 *
 * Books that existed before are given a period: monthly uncleared the month now running in China Standard Time
 * (the only billing time zone there was), historical uncleared the month before it.
 */
const MONTH = "to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')";
const MONTH_BEFORE = "to_char((now() AT TIME ZONE 'Asia/Shanghai') - interval '1 month', 'YYYY-MM')";

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE DOMAIN uam_period AS text CHECK (VALUE ~ '^\\d{4}-(0[1-9]|1[0-2])$');

    ALTER TABLE ledger_accounts ADD COLUMN period uam_period;
    UPDATE ledger_accounts SET period = CASE kind WHEN 'monthly_uncleared' THEN ${MONTH} ELSE ${MONTH_BEFORE} END
    WHERE kind IN ('monthly_uncleared', 'historical_uncleared');
    ALTER TABLE ledger_accounts
      ADD CONSTRAINT ledger_account_period CHECK ((kind IN ('monthly_uncleared', 'historical_uncleared')) = (period IS NOT NULL)),
      DROP CONSTRAINT ledger_account_book,
      ADD CONSTRAINT ledger_account_book UNIQUE NULLS NOT DISTINCT (enterprise_id, account_id, kind, source_account_id, period);
    -- What a close walks: the open debts of one period, by account. Neither column ever changes, so posting
    -- to a book stays a HOT update.
    CREATE INDEX ledger_accounts_open_periods ON ledger_accounts (period, account_id) WHERE kind = 'monthly_uncleared';

    ALTER TYPE uam_leg ADD ATTRIBUTE period text;

    CREATE TABLE billing_period_closes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      period uam_period NOT NULL,
      -- null: the period is closed for every enterprise.
      enterprise_id integer REFERENCES enterprises(id),
      closed_by text NOT NULL,
      closed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT billing_period_close_once UNIQUE NULLS NOT DISTINCT (period, enterprise_id)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  // Debts of one kind are summed back into one book per account.
  await knex.raw(`
    DROP TABLE billing_period_closes;
    ALTER TYPE uam_leg DROP ATTRIBUTE period;
    DROP INDEX ledger_accounts_open_periods;
    CREATE TEMP TABLE merged ON COMMIT DROP AS
      SELECT min(id) AS keep, array_agg(id) AS ids, sum(balance) AS balance FROM ledger_accounts
      WHERE period IS NOT NULL GROUP BY enterprise_id, account_id, kind;
    ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_immutable;
    UPDATE ledger_entries e SET ledger_account_id = m.keep FROM merged m WHERE e.ledger_account_id = ANY(m.ids);
    ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_immutable;
    DELETE FROM ledger_accounts la USING merged m WHERE la.id = ANY(m.ids) AND la.id <> m.keep;
    UPDATE ledger_accounts la SET balance = m.balance FROM merged m WHERE la.id = m.keep;
    ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_account_book, DROP CONSTRAINT ledger_account_period, DROP COLUMN period;
    ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_account_book UNIQUE NULLS NOT DISTINCT (enterprise_id, account_id, kind, source_account_id);
    DROP DOMAIN uam_period;
    COMMENT ON TYPE uam_result IS NULL;
  `);
}
