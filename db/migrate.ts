import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { syncLedgerFunctions } from './ledger/functions';

const directory = fileURLToPath(new URL('./migrations', import.meta.url));

const migrationConfig: Knex.MigratorConfig = { directory, loadExtensions: ['.ts'], tableName: 'knex_migrations' };

/** Applies pending migrations, then brings the ledger functions in step with db/sql. */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  await syncLedgerFunctions(db);
  return applied;
}

export async function migrateRollback(db: Knex, all = false): Promise<string[]> {
  const [, rolledBack] = (await db.migrate.rollback(migrationConfig, all)) as [number, string[]];
  return rolledBack;
}

/** Migrations present in the code but not yet applied to the database. */
export async function pendingMigrations(db: Knex): Promise<string[]> {
  const [, pending] = (await db.migrate.list(migrationConfig)) as [unknown[], Array<{ file: string }>];
  return pending.map((m) => m.file);
}
