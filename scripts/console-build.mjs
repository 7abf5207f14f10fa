// The console's static build (console/dist, served by the API at /console/), made by Vite only when it is
// missing or older than its sources. Plain Node, like scripts/build.mjs which calls it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'console', 'dist', 'index.html');
/** What the bundle is made of: the console's own files and the pure domain rules it shares with the API. */
const sources = ['console/src', 'console/index.html', 'console/vite.config.ts', 'domain', 'core/errors.ts', 'package-lock.json'];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** True when console/dist is missing or any source changed after it was built. */
export function consoleBuildStale() {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return sources.some((source) => existsSync(join(root, source)) && newest(join(root, source)) > builtAt);
}

/** Builds the console when stale; answers whether it built. */
export async function ensureConsoleBuild({ force = false } = {}) {
  if (!force && !consoleBuildStale()) return false;
  const { build } = await import('vite');
  await build({ configFile: join(root, 'console', 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await ensureConsoleBuild({ force: process.argv.includes('--force') });
  console.log(built ? '✓ built the console into console/dist' : '✓ console/dist is up to date');
}
