import type { Knex } from 'knex';

/**
 * The platform's own identifiers (`externalId`), unique per kind, so a sync job can create the same enterprise
 * or account as often as it likes and get the one it made. An enterprise keeps its own on its row; an account's
 * lives in a table of its own: every posting updates account rows non-HOT, so an index on accounts would cost
 * every posting one more index entry per account (bench:ledger), while this table is written only by the
 * directory.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE enterprises ADD COLUMN external_id text
      CONSTRAINT enterprise_external_id_length CHECK (length(external_id) BETWEEN 1 AND 200),
      ADD CONSTRAINT enterprises_external_id UNIQUE (external_id);

    CREATE TABLE account_external_ids (
      external_id text PRIMARY KEY CHECK (length(external_id) BETWEEN 1 AND 200),
      account_id integer NOT NULL UNIQUE REFERENCES accounts(id)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE account_external_ids;
    ALTER TABLE enterprises DROP COLUMN external_id;
  `);
}
