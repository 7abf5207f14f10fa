/**
 * A Temporal worker in its own process that dies (SIGKILL, no clean-up) right after the activity named by
 * CRASH_AFTER has done its work and before Temporal hears that it finished: the worst moment for a retry.
 *
 *   TEMPORAL_ADDRESS=… TASK_QUEUE=… DATABASE_URL=… CRASH_AFTER=putCreditLimitInForce tsx test/credit/crashing-worker.ts
 */
import { Context } from '@temporalio/activity';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { createCreditActivities } from '../../activities/credit';
import { createDb } from '../../db/connection';
import { workflowsPath } from '../../workers/temporal-worker';

const { TEMPORAL_ADDRESS, TASK_QUEUE, DATABASE_URL, CRASH_AFTER } = process.env;
if (!TEMPORAL_ADDRESS || !TASK_QUEUE || !DATABASE_URL || !CRASH_AFTER) throw new Error('TEMPORAL_ADDRESS, TASK_QUEUE, DATABASE_URL and CRASH_AFTER are required');

Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
const db = createDb({ databaseUrl: DATABASE_URL, databasePoolMax: 2 });
const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
const worker = await Worker.create({
  connection,
  taskQueue: TASK_QUEUE,
  workflowsPath,
  // No sticky queue: the time-skipping test server never moves a dead worker's sticky workflow tasks back to
  // the shared queue (a real server does after stickyQueueScheduleToStartTimeout), so the restart would hang.
  maxCachedWorkflows: 0,
  activities: createCreditActivities({ db }),
  interceptors: {
    activity: [
      () => ({
        inbound: {
          async execute(input, next) {
            const result = await next(input);
            if (Context.current().info.activityType === CRASH_AFTER) {
              process.stdout.write(`crashing after ${CRASH_AFTER}\n`);
              process.kill(process.pid, 'SIGKILL');
            }
            return result;
          },
        },
      }),
    ],
  },
});
process.stdout.write('ready\n');
await worker.run();
