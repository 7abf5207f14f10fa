import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoFile } from '../core/files';
import { MIGRATIONS } from '../db/migrations/index';

describe('migration list', () => {
  it('names every file in db/migrations once, in file-name order, each with up and down', () => {
    const files = readdirSync(repoFile('db', 'migrations')).filter((f) => f !== 'index.ts').sort();
    expect(MIGRATIONS.map(([name]) => name)).toEqual(files);
    for (const [name, migration] of MIGRATIONS) {
      expect(typeof migration.up, name).toBe('function');
      expect(typeof migration.down, name).toBe('function');
    }
  });
});
