import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { repoFile } from '../core/files';
import { freshSchema } from '../scripts/schema/dump';

/** The first lines where two texts part, with a little context: enough to see what changed. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  const from = Math.max(0, (at === -1 ? a.length : at) - 2);
  return [`db/schema.sql line ${from + 1}:`, ...a.slice(from, from + 6).map((l) => `- ${l}`), 'freshly migrated:', ...b.slice(from, from + 6).map((l) => `+ ${l}`)].join('\n');
}

describe('db/schema.sql', () => {
  it('is what the migrations and ledger functions make of an empty database (else: npm run db:schema)', async () => {
    const committed = readFileSync(repoFile('db', 'schema.sql'), 'utf8');
    const fresh = await freshSchema(inject('databaseUrl'));
    expect(fresh === committed, `db/schema.sql is stale: run npm run db:schema\n${firstDifference(committed, fresh)}`).toBe(true);
  });
});
