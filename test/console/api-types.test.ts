import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoFile } from '../../core/files';
import { consoleApiTypes } from '../../scripts/console-api/generate';
import { testConfig } from '../support';

describe('console/src/api/schema.d.ts', () => {
  it('is what openapi-typescript makes of the API\'s own /openapi.json (else: npm run console:api)', async () => {
    const committed = readFileSync(repoFile('console', 'src', 'api', 'schema.d.ts'), 'utf8');
    const fresh = await consoleApiTypes(testConfig());
    expect(fresh === committed, 'console/src/api/schema.d.ts is stale: run npm run console:api').toBe(true);
  });
});
