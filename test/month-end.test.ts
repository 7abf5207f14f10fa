import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities';
import { createLogger } from '../core/logger';
import { createDb } from '../db/connection';
import * as ledger from '../db/ledger/operations';
import { previousBillingPeriod, billingPeriod } from '../domain/periods';
import { createQueues } from '../queues/queues';
import { MONTH_END_SCHEDULE_ID, ensureSchedules } from '../workers/schedules';
import { bundleWorkflows, createTemporalWorker } from '../workers/temporal-worker';
import { monthEndClose } from '../workflows/month-end-close';
import { createTestEnterprise, freshId, testConfig } from './support';

const config = testConfig();
const logger = createLogger(config, 'month-end-test');
const db = createDb(config);
const queues = createQueues(config);
let connection: Connection;

beforeAll(async () => {
  connection = await Connection.connect({ address: config.temporal.address });
});
afterAll(async () => {
  await connection.close();
  await queues.close();
  await db.destroy();
});

describe('billing periods (China Standard Time)', () => {
  it('closes the month before, counted in UTC+8', () => {
    expect(billingPeriod(new Date('2026-10-31T16:30:00Z'))).toBe('2026-11'); // 00:30 on 1 Nov in Beijing
    expect(previousBillingPeriod(new Date('2026-10-31T16:30:00Z'))).toBe('2026-10');
    expect(previousBillingPeriod(new Date('2027-01-01T00:00:00Z'))).toBe('2026-12');
  });
});

describe('month-end close workflow', () => {
  it('moves every account’s monthly uncleared into historical, once, across batches', async () => {
    const ent = await createTestEnterprise(db, { members: 5 });
    const actor = 'test';
    for (const [i, id] of ent.members.entries()) {
      await ledger.consume(db, { key: freshId('use'), accountId: id, amount: BigInt((i + 1) * 100), actor });
    }
    const period = `20${10 + Math.floor(Math.random() * 80)}-0${1 + Math.floor(Math.random() * 9)}`;
    const taskQueue = freshId('month-end');
    const temporal = await createTemporalWorker({
      config, logger, taskQueue, workflowBundle: await bundleWorkflows(),
      activities: createActivities({ config, db, queues, logger }),
    });
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const run = (id: string) =>
      client.workflow.execute(monthEndClose, { taskQueue, workflowId: id, args: [{ period, batchSize: 2 }] });
    const [first, again] = await temporal.worker.runUntil(async () => {
      const closed = await run(freshId('month-end-close'));
      return [closed, await run(freshId('month-end-close'))] as const;
    });
    await temporal.connection.close();

    expect(first.period).toBe(period);
    expect(first.accountsClosed).toBeGreaterThanOrEqual(5);
    expect(again.accountsClosed).toBe(0);
    const rows = await db('accounts').whereIn('id', ent.members).orderBy('id').select('monthly_uncleared', 'historical_uncleared');
    expect(rows).toEqual(ent.members.map((_, i) => ({ monthly_uncleared: 0n, historical_uncleared: BigInt((i + 1) * 100) })));
  });
});

describe('month-end schedule', () => {
  it('is created once, on the 1st of each month in China Standard Time', async () => {
    await ensureSchedules(config, logger);
    await ensureSchedules(config, logger); // a restart finds it and leaves it alone
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const schedule = await client.schedule.getHandle(MONTH_END_SCHEDULE_ID).describe();
    expect(schedule.spec.timezone).toBe('Asia/Shanghai');
    expect(schedule.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 1, end: 1, step: 1 }] });
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'monthEndClose' });
  });
});
