import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';

const sql = (name: string): string => readFileSync(new URL(`../sql/${name}`, import.meta.url), 'utf8');

/** The double-entry ledger: schema, constraints and the uam_* functions that are its only writers. */
export async function up(knex: Knex): Promise<void> {
  for (const file of ['ledger-schema.sql', 'ledger-core.sql', 'ledger-cash.sql', 'ledger-transfer.sql', 'ledger-credit.sql']) {
    await knex.raw(sql(file));
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE credit_changes, coupons, holds, transfer_pairs, ledger_entries, ledger_transactions, ledger_accounts CASCADE;
    DROP FUNCTION uam_immutable, uam_check_balanced CASCADE;
    DO $$ DECLARE f record; BEGIN
      FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = current_schema() AND p.proname LIKE 'uam\\_%' LOOP
        EXECUTE 'DROP FUNCTION ' || f.sig || ' CASCADE';
      END LOOP;
    END $$;
    DROP TYPE uam_result;
  `);
}
