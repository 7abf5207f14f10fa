#!/usr/bin/env node
// The `uam` command: TypeScript runs directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../cli/uam.ts');
