// `npm run build`: the compiled uam that the `uam` binary, `npm start` and the production image run.
//   dist/uam.js (+ dist/chunks/)  the CLI and every process, bundled by esbuild; npm packages stay external
//   dist/workflow-bundle.js       the Temporal workflow code, bundled ahead of time (no bundling at start-up)
//   dist/workflow-bundle-traced.js  the same with Temporal's OpenTelemetry workflow interceptors (tracing on)
//   console/dist/                 the web console (Vite), rebuilt only when older than its sources
// Plain Node on purpose: it must run before anything is compiled.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ensureConsoleBuild } from './console-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const started = Date.now();
const step = (text) => console.log(`✓ ${text} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { uam: 'cli/uam.ts' },
  outdir: dist,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true, // each process command is its own chunk, loaded only when that command runs
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  define: { 'process.env.UAM_COMPILED': '"1"' },
  logLevel: 'warning',
});
step('compiled the CLI and processes into dist/uam.js');

const { bundleWorkflowCode } = await import('@temporalio/worker');
// Keep the module list in step with workers/temporal-tracing.ts (workflowTracingModules).
const workflowInterceptorModules = [createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];
const workflowsPath = `${root}workflows/index.ts`;
const [plain, traced] = await Promise.all([
  bundleWorkflowCode({ workflowsPath, logger: quiet() }),
  bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: quiet() }),
]);
writeFileSync(`${dist}/workflow-bundle.js`, plain.code);
writeFileSync(`${dist}/workflow-bundle-traced.js`, traced.code);
step('bundled the Temporal workflows into dist/workflow-bundle.js, and with the tracing interceptors into dist/workflow-bundle-traced.js');

step((await ensureConsoleBuild()) ? 'built the console into console/dist' : 'console/dist is up to date');

/** Temporal's bundler logs every webpack step at info; keep warnings only. */
function quiet() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, log: noop, warn: (m, meta) => console.warn(m, meta ?? ''), error: (m, meta) => console.error(m, meta ?? '') };
}
