import { Client, Connection, ScheduleAlreadyRunning } from '@temporalio/client';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { fundingScanWorkflow } from '../workflows/funding';
import { monthEndClose } from '../workflows/month-end-close';

export const MONTH_END_SCHEDULE_ID = 'uam-month-end-close';
export const FUNDING_SCAN_SCHEDULE_ID = 'uam-funding-scan';

/**
 * Creates uam's Temporal schedules if they are missing (safe on every start). Month-end close runs at 00:05
 * China Standard Time on the 1st and closes the month before; overlapping runs are skipped.
 */
export async function ensureSchedules(config: Pick<Config, 'temporal'>, logger: Logger): Promise<void> {
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  try {
    await client.schedule.create({
      scheduleId: MONTH_END_SCHEDULE_ID,
      spec: { calendars: [{ dayOfMonth: 1, hour: 0, minute: 5, comment: 'month-end close' }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: monthEndClose, args: [{}], taskQueue: config.temporal.taskQueue, workflowId: 'month-end-close' },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    });
    logger.info({ scheduleId: MONTH_END_SCHEDULE_ID }, 'created Temporal schedule');
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  try {
    // Funding policies' safety net: members still below their floor, and the sweeps due today.
    await client.schedule.create({
      scheduleId: FUNDING_SCAN_SCHEDULE_ID,
      spec: { intervals: [{ every: '5 minutes' }] },
      action: { type: 'startWorkflow', workflowType: fundingScanWorkflow, args: [], taskQueue: config.temporal.taskQueue, workflowId: 'funding-scan' },
      policies: { overlap: 'SKIP', catchupWindow: '10 minutes' },
    });
    logger.info({ scheduleId: FUNDING_SCAN_SCHEDULE_ID }, 'created Temporal schedule');
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  } finally {
    await connection.close();
  }
}
