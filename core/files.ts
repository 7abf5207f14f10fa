import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder: the nearest one above this module that holds a package.json. The same answer
 * from the TypeScript sources (tsx) and from the compiled bundle in dist/, whose modules sit one level lower
 * than their sources would — so files shipped beside the code (db/sql, console/dist) are found through here,
 * never through a path relative to a module.
 */
function findRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`uam: no package.json above ${start}`);
  }
}

export const repoRoot = findRoot();

/** A path inside the project: `repoFile('db', 'sql', 'ledger-core.sql')`. */
export const repoFile = (...parts: string[]): string => join(repoRoot, ...parts);
