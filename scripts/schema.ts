/**
 * npm run db:schema   writes db/schema.sql: the whole schema (tables, constraints, indexes, triggers and the
 *                     ledger functions) of a freshly migrated scratch database on DATABASE_URL's server.
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../core/config';
import { repoFile } from '../core/files';
import { oneLine } from './provision/report';
import { freshSchema } from './schema/dump';

try {
  const text = await freshSchema(loadConfig().databaseUrl);
  writeFileSync(repoFile('db', 'schema.sql'), text);
  console.log(`✓ wrote db/schema.sql (${text.split('\n').length} lines)`);
} catch (err) {
  console.error(`✗ ${oneLine(err)}`);
  process.exitCode = 1;
}
