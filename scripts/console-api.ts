/**
 * npm run console:api   writes console/src/api/schema.d.ts: the typed API the console's client is made from,
 *                       generated from the API's own OpenAPI document (a test fails when it is stale).
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../core/config';
import { repoFile } from '../core/files';
import { consoleApiTypes } from './console-api/generate';
import { oneLine } from './provision/report';

try {
  const text = await consoleApiTypes(loadConfig());
  writeFileSync(repoFile('console', 'src', 'api', 'schema.d.ts'), text);
  console.log(`✓ wrote console/src/api/schema.d.ts (${text.split('\n').length} lines)`);
} catch (err) {
  console.error(`✗ ${oneLine(err)}`);
  process.exitCode = 1;
}
