import { existsSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundle, type WorkflowBundleOption } from '@temporalio/worker';
import type { Config } from '../core/config';
import { repoFile } from '../core/files';
import type { Logger } from '../core/logger';
import { tracingOn } from '../core/tracing';
import { installTemporalRuntime } from './temporal-runtime';
import { tracedWorkerOptions, workflowTracingModules } from './temporal-tracing';

export const workflowsPath = repoFile('workflows', 'index.ts');

/** The workflow code `npm run build` bundled ahead of time, which the compiled processes run (no bundling at start-up). */
export const prebuiltWorkflowBundle = repoFile('dist', 'workflow-bundle.js');
/** The same with Temporal's OpenTelemetry workflow interceptors, for a worker with tracing on. */
export const prebuiltTracedWorkflowBundle = repoFile('dist', 'workflow-bundle-traced.js');

/** Set to "1" by the build (esbuild define): this code runs from dist/, so it uses the prebuilt workflow bundle. */
const compiled = process.env.UAM_COMPILED === '1';

const bundled = new Map<boolean, Promise<WorkflowBundle>>();

const prebuilt = (): WorkflowBundleOption | undefined => {
  const codePath = tracingOn() ? prebuiltTracedWorkflowBundle : prebuiltWorkflowBundle;
  return compiled && existsSync(codePath) ? { codePath } : undefined;
};

/**
 * Bundles workflows/ once per process (with the tracing interceptors when tracing is on); tests share it so each
 * worker does not re-bundle.
 */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  const traced = tracingOn();
  let bundle = bundled.get(traced);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN'), ...(traced && { workflowInterceptorModules: workflowTracingModules }) });
    bundled.set(traced, bundle);
  }
  return bundle;
}

export interface TemporalWorkerOptions {
  config: Pick<Config, 'temporal' | 'logLevel'> & Partial<Pick<Config, 'metrics'>>;
  /** Usually `createActivities(deps)`. */
  activities: object;
  logger?: Logger;
  /** Reuse a connection (the caller closes it); otherwise one is opened and closed with the worker. */
  connection?: NativeConnection;
  /** Defaults to config.temporal.taskQueue; tests pass a fresh one. */
  taskQueue?: string;
  /** A pre-built bundle (see bundleWorkflows); defaults to dist's when compiled, else bundling workflows/index.ts. */
  workflowBundle?: WorkflowBundleOption;
}

export interface TemporalWorker {
  worker: Worker;
  connection: NativeConnection;
  /** Polls until stop(); then closes the connection if this module opened it. */
  run(): Promise<void>;
  /** Asks the worker to finish in-flight tasks and waits for run() to end. */
  stop(): Promise<void>;
}

export async function createTemporalWorker(options: TemporalWorkerOptions): Promise<TemporalWorker> {
  const { config, activities } = options;
  if (options.logger) installTemporalRuntime(config, options.logger);
  const connection = options.connection ?? (await NativeConnection.connect({ address: config.temporal.address }));
  const workflowBundle = options.workflowBundle ?? prebuilt();
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.taskQueue,
    activities,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
    ...tracedWorkerOptions(workflowBundle !== undefined),
  }).catch(async (err: unknown) => {
    if (!options.connection) await connection.close();
    throw err;
  });
  let running: Promise<void> | undefined;
  return {
    worker,
    connection,
    run() {
      running ??= worker.run().finally(async () => {
        if (!options.connection) await connection.close();
      });
      return running;
    },
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}
