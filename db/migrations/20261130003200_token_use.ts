import type { Knex } from 'knex';

/**
 * Tokens say who created them and when they were last used, so an enterprise admin can list its members'
 * tokens and revoke the stale ones. Last use is written at most once a minute per token (services/principals.ts),
 * not on every request.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE principals
      ADD COLUMN created_by text NOT NULL DEFAULT 'system' CHECK (length(created_by) BETWEEN 1 AND 300),
      ADD COLUMN last_used_at timestamptz;
    CREATE INDEX principals_enterprise ON principals (enterprise_id, id) WHERE enterprise_id IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX principals_enterprise;
    ALTER TABLE principals DROP COLUMN created_by, DROP COLUMN last_used_at;
  `);
}
