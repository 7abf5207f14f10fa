import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { repoFile } from '../../core/files';

const sql = (name: string): string => readFileSync(repoFile('db', 'sql', name), 'utf8');

/**
 * The double-entry ledger's tables, constraints and triggers. The uam_* functions that are its only writers
 * are kept in step by db/ledger/functions.ts after every migration run.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(sql('ledger-schema.sql'));
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
