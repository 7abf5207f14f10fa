// Plain Node, no dependencies: lets `npm start` and `npm test` work straight after `git clone` by installing
// the packages first when they are missing or older than package-lock.json.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.log('• installing npm packages (first run)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('✗ npm ci failed: see the output above (network access to the npm registry is needed once)');
    process.exit(result.status ?? 1);
  }
  console.log('✓ npm packages installed');
}
