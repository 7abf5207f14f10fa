/**
 * tsx scripts/migrate.ts              apply pending migrations to DATABASE_URL
 * tsx scripts/migrate.ts --rollback   roll back the last batch (--all: every batch)
 */
import { ConfigError, loadConfig } from '../core/config';
import { createDb } from '../db/connection';
import { migrateLatest, migrateRollback } from '../db/migrate';
import { oneLine } from './provision/report';

const args = process.argv.slice(2);
const db = createDb({ ...loadConfigOrExit(), databasePoolMax: 1 });
try {
  if (args.includes('--rollback')) {
    const undone = await migrateRollback(db, args.includes('--all'));
    console.log(undone.length ? `✓ rolled back ${undone.join(', ')}` : '✓ nothing to roll back');
  } else {
    const applied = await migrateLatest(db);
    console.log(applied.length ? `✓ applied ${applied.join(', ')}` : '✓ migrations up to date');
  }
} catch (err) {
  console.error(`✗ migration failed: ${oneLine(err)}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}

function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (err) {
    console.error(`✗ ${oneLine(err)}`);
    process.exit(err instanceof ConfigError ? 1 : 2);
  }
}
