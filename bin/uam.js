#!/usr/bin/env node
// The `uam` command: the compiled CLI in dist/ (`npm run build`; `npm start` and CI build first). Without a
// build — a fresh clone before its first build — the TypeScript sources run through tsx instead.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/uam.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/uam.ts');
}
