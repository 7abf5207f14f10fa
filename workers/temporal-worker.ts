import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { createDb } from '../db/connection';
import { createQueues } from './queues';
import { isMain, runProcess } from './run';
import { ensureSchedules } from './schedules';
import { installTemporalRuntime } from './temporal-runtime';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let bundled: Promise<WorkflowBundle> | undefined;

/** Bundles workflows/ once per process; tests share it so each worker does not re-bundle. */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  bundled ??= bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  return bundled;
}

export interface TemporalWorkerOptions {
  config: Pick<Config, 'temporal' | 'logLevel'>;
  /** Usually `createActivities(deps)`. */
  activities: object;
  logger?: Logger;
  /** Reuse a connection (the caller closes it); otherwise one is opened and closed with the worker. */
  connection?: NativeConnection;
  /** Defaults to config.temporal.taskQueue; tests pass a fresh one. */
  taskQueue?: string;
  /** A pre-built bundle (see bundleWorkflows); defaults to bundling workflows/index.ts. */
  workflowBundle?: WorkflowBundle;
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
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.taskQueue,
    activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
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

/** `tsx workers/temporal-worker.ts`: the Temporal worker alone, on config.temporal.taskQueue. */
if (isMain(import.meta.url)) {
  await runProcess('temporal-worker', async ({ config, logger, onClose }) => {
    const db = createDb(config);
    onClose('db', () => db.destroy());
    const queues = createQueues(config);
    onClose('queues', () => queues.close());
    const temporal = await createTemporalWorker({ config, logger, activities: createActivities({ config, db, queues, logger }) });
    await ensureSchedules(config, logger);
    onClose('temporal worker', () => temporal.stop());
    return { done: temporal.run() };
  });
}
