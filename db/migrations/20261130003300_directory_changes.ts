import type { Knex } from 'knex';

/**
 * Who changed the directory, and how: enterprises and accounts created, renamed, closed and reopened, contacts
 * and settings edited, tokens issued and revoked, imports. One row per change, written in the change's own
 * transaction (closing an account: by the ledger function that decides it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE directory_changes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      enterprise_id integer NOT NULL REFERENCES enterprises(id),
      account_id integer REFERENCES accounts(id),
      action text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
      actor text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX directory_changes_enterprise ON directory_changes (enterprise_id, id);
    CREATE INDEX directory_changes_account ON directory_changes (account_id, id) WHERE account_id IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE directory_changes');
}
