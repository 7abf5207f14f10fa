/**
 * A transfer worker in its own process that dies (SIGKILL, no clean-up) right after the activity named by
 * CRASH_AFTER has committed its database work and before Temporal hears that it finished.
 *
 *   TEMPORAL_ADDRESS=… TASK_QUEUE=… DATABASE_URL=… WORKFLOW_BUNDLE=<code path> CRASH_AFTER=postMovement tsx test/transfers/crashing-worker.ts
 */
import { Context } from '@temporalio/activity';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createTransferActivities } from '../../activities/transfers';
import { createDb } from '../../db/connection';

const { TEMPORAL_ADDRESS, TASK_QUEUE, DATABASE_URL, WORKFLOW_BUNDLE, CRASH_AFTER } = process.env;
if (!TEMPORAL_ADDRESS || !TASK_QUEUE || !DATABASE_URL || !WORKFLOW_BUNDLE || !CRASH_AFTER) {
  throw new Error('TEMPORAL_ADDRESS, TASK_QUEUE, DATABASE_URL, WORKFLOW_BUNDLE and CRASH_AFTER are required');
}

Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
const worker = await Worker.create({
  connection: await NativeConnection.connect({ address: TEMPORAL_ADDRESS }),
  taskQueue: TASK_QUEUE,
  workflowBundle: { codePath: WORKFLOW_BUNDLE },
  // No sticky queue: the workflow's next task goes straight to the task queue the replacement worker polls.
  maxCachedWorkflows: 0,
  activities: createTransferActivities({ db: createDb({ databaseUrl: DATABASE_URL, databasePoolMax: 2 }) }),
  interceptors: {
    activity: [() => ({
      inbound: {
        async execute(input, next) {
          const result = await next(input);
          if (Context.current().info.activityType === CRASH_AFTER) process.kill(process.pid, 'SIGKILL');
          return result;
        },
      },
    })],
  },
});
process.stdout.write('ready\n');
await worker.run();
