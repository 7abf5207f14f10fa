import type { Knex } from 'knex';

/**
 * Entries are keyed by (transaction, entry id): the primary key then also serves the lookups by transaction
 * (the balance check at commit, the foreign key), and the separate index on transaction_id goes. Each entry
 * written is one index entry fewer — postings are bound by WAL flushes under load, and index entries were
 * most of their WAL (bench:ledger). Entry ids stay unique: they still come from the identity sequence.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_pkey, ADD PRIMARY KEY (transaction_id, id);
    DROP INDEX ledger_entries_transaction;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id);
    ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_pkey, ADD PRIMARY KEY (id);
  `);
}
