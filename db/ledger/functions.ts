import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { repoFile } from '../../core/files';

/** The ledger's functions, in dependency order. Their tables and triggers are migrations (db/schema.sql shows them all). */
const FILES = [
  'ledger-core.sql', 'ledger-books.sql', 'ledger-alerts.sql', 'ledger-limits.sql', 'ledger-previews.sql', 'ledger-cash.sql', 'ledger-transfer.sql',
  'ledger-credit.sql', 'ledger-directory.sql', 'ledger-events.sql',
];

const read = (name: string): string => readFileSync(repoFile('db', 'sql', name), 'utf8');

// Every uam_* function except trigger functions (those belong to the schema migrations).
const DROP_ALL = `
  DO $$ DECLARE f record; BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema() AND p.proname LIKE 'uam\\_%' AND p.prorettype <> 'trigger'::regtype LOOP
      EXECUTE 'DROP FUNCTION ' || f.sig;
    END LOOP;
  END $$;`;

/**
 * Makes the database run exactly the ledger functions in db/sql: when their text changed (a hash kept as the
 * comment on type uam_result), all uam_* functions are dropped and created again in one transaction. Like a
 * repeatable migration: editing a function needs no new migration, and no database keeps a stale copy.
 * Returns true when it replaced them.
 */
export async function syncLedgerFunctions(db: Knex): Promise<boolean> {
  const sql = FILES.map(read);
  const hash = createHash('sha256').update(sql.join('\n')).digest('hex');
  return db.transaction(async (trx) => {
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('uam ledger functions'))");
    const { rows } = await trx.raw("SELECT obj_description('uam_result'::regtype, 'pg_type') AS hash");
    if (rows[0]?.hash === hash) return false;
    await trx.raw(DROP_ALL);
    for (const text of sql) await trx.raw(text);
    await trx.raw(`COMMENT ON TYPE uam_result IS '${hash}'`);
    return true;
  });
}
