import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repoRoot } from '../../core/files';

/** The repository root and the git-ignored `.tools/` directory where local services keep their state. */
export { repoRoot };
export const toolsDir = join(repoRoot, '.tools');
export const venvDir = join(toolsDir, 'venv');
export const venvBin = (name: string): string => join(venvDir, 'bin', name);

/** Full path of an executable found on PATH, or undefined. */
export function which(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
