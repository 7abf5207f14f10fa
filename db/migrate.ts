import type { Knex } from 'knex';
import { syncLedgerFunctions } from './ledger/functions';
import { MIGRATIONS } from './migrations/index';

type Entry = (typeof MIGRATIONS)[number];

/** Knex reads the migrations from the list in db/migrations/index.ts instead of scanning a folder. */
const migrationSource: Knex.MigrationSource<Entry> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

const migrationConfig: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

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
  const [, pending] = (await db.migrate.list(migrationConfig)) as [unknown[], Entry[]];
  return pending.map(([name]) => name);
}
