import { Client, Connection, ScheduleAlreadyRunning } from '@temporalio/client';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { fundingScanWorkflow } from '../workflows/funding';
import { monthEndClose, type MonthEndCloseInput } from '../workflows/month-end-close';

export const MONTH_END_SCHEDULE_ID = 'uam-month-end-close';
export const FUNDING_SCAN_SCHEDULE_ID = 'uam-funding-scan';

/**
 * Month-end close runs at 00:05 on the 1st in the billing time zone and closes the month that just ended (the
 * workflow works it out from its start time in that zone); overlapping runs are skipped, and a run missed
 * while Temporal was down starts within a day — still in the month after the period it closes.
 */
const monthEndSchedule = (config: Pick<Config, 'temporal' | 'billing'>) => ({
  scheduleId: MONTH_END_SCHEDULE_ID,
  spec: { calendars: [{ dayOfMonth: 1, hour: 0, minute: 5, comment: 'month-end close' }], timezone: config.billing.timeZone },
  action: {
    type: 'startWorkflow' as const, workflowType: monthEndClose, args: [{ timeZone: config.billing.timeZone }] as [MonthEndCloseInput],
    taskQueue: config.temporal.taskQueue, workflowId: 'month-end-close',
  },
  policies: { overlap: 'SKIP' as const, catchupWindow: '1 day' },
});

/** Creates uam's Temporal schedules, or brings them in line with the configuration (safe on every start). */
export async function ensureSchedules(config: Pick<Config, 'temporal' | 'billing'>, logger: Logger): Promise<void> {
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const schedule = monthEndSchedule(config);
  try {
    await client.schedule.create(schedule);
    logger.info({ scheduleId: MONTH_END_SCHEDULE_ID }, 'created Temporal schedule');
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    // A changed BILLING_TIME_ZONE (or task queue) takes effect on the next start.
    await client.schedule.getHandle(MONTH_END_SCHEDULE_ID).update((previous) => ({ ...previous, spec: schedule.spec, action: schedule.action }));
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
