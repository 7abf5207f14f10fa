import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities';
import { createLogger } from '../core/logger';
import { createDb } from '../db/connection';
import * as ledger from '../db/ledger/operations';
import { unclearedByPeriod } from '../db/ledger/queries';
import { billingPeriod, previousBillingPeriod } from '../domain/periods';
import { createQueues } from '../queues/queues';
import { MONTH_END_SCHEDULE_ID, ensureSchedules } from '../workers/schedules';
import { bundleWorkflows, createTemporalWorker } from '../workers/temporal-worker';
import { monthEndClose, monthEndProgressQuery } from '../workflows/month-end-close';
import { createTestEnterprise, createTimeSkippingEnv, freshId, testConfig } from './support';

const config = testConfig();
const logger = createLogger(config, 'month-end-test');
const db = createDb(config);
const queues = createQueues(config);
const activities = createActivities({ config, db, queues, logger });
let connection: Connection;

beforeAll(async () => {
  connection = await Connection.connect({ address: config.temporal.address });
});
afterAll(async () => {
  await connection.close();
  await queues.close();
  await db.destroy();
});

const actor = 'test';
const charge = (accountId: number, amount: bigint, period: string) => ledger.consume(db, { key: freshId('use'), accountId, amount, actor, period });

describe('billing periods in the billing time zone', () => {
  it('are calendar months there: 00:30 on 1 Nov in Beijing is still October in UTC', () => {
    const at = new Date('2026-10-31T16:30:00Z');
    expect([billingPeriod(at), previousBillingPeriod(at)]).toEqual(['2026-11', '2026-10']);
    expect([billingPeriod(at, 'UTC'), previousBillingPeriod(at, 'UTC')]).toEqual(['2026-10', '2026-09']);
    expect(billingPeriod(new Date('2026-11-01T03:59:00Z'), 'America/New_York')).toBe('2026-10'); // 23:59 on 31 Oct, daylight time
    expect(previousBillingPeriod(new Date('2027-01-01T00:00:00Z'))).toBe('2026-12');
  });
});

describe('month-end close workflow', () => {
  it("closes one enterprise's period across batches, once: later periods and other enterprises are left alone", async () => {
    const ent = await createTestEnterprise(db, { members: 3 });
    const other = await createTestEnterprise(db, { members: 1 });
    for (const [i, id] of ent.members.entries()) await charge(id, BigInt((i + 1) * 100), '2025-03');
    await charge(ent.members[0]!, 50n, '2025-04');
    await charge(other.members[0]!, 70n, '2025-03');
    const taskQueue = freshId('month-end');
    const temporal = await createTemporalWorker({ config, logger, taskQueue, workflowBundle: await bundleWorkflows(), activities });
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const run = async () => {
      const handle = await client.workflow.start(monthEndClose, {
        taskQueue, workflowId: freshId('month-end-close'), args: [{ period: '2025-03', enterpriseId: ent.id, batchSize: 2 }],
      });
      const result = await handle.result();
      return { result, progress: await handle.query(monthEndProgressQuery) };
    };
    const [first, again] = await temporal.worker.runUntil(async () => [await run(), await run()] as const);
    await temporal.connection.close();

    expect(first.result).toEqual({ period: '2025-03', enterpriseId: ent.id, accountsClosed: 3, amountMoved: '600', couponsExpired: 0 });
    expect(first.progress).toEqual({ ...first.result, stage: 'closed' });
    expect(again.result).toMatchObject({ accountsClosed: 0, amountMoved: '0' });
    expect(await unclearedByPeriod(db, ent.members[0]!)).toEqual([
      { period: '2025-03', monthly: 0n, historical: 100n }, { period: '2025-04', monthly: 50n, historical: 0n },
    ]);
    expect(await unclearedByPeriod(db, ent.members[2]!)).toEqual([{ period: '2025-03', monthly: 0n, historical: 300n }]);
    expect(await unclearedByPeriod(db, other.members[0]!)).toEqual([{ period: '2025-03', monthly: 70n, historical: 0n }]);
  });
});

describe('month-end schedule', () => {
  it('is created once, and fires at 00:05 on the 1st in the billing time zone', async () => {
    await ensureSchedules(config, logger);
    await ensureSchedules(config, logger); // a restart finds it and brings it in line
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const schedule = await client.schedule.getHandle(MONTH_END_SCHEDULE_ID).describe();
    expect(schedule.spec.timezone).toBe('Asia/Shanghai');
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'monthEndClose', args: [{ timeZone: 'Asia/Shanghai' }] });
    const next = schedule.info.nextActionTimes.slice(0, 2);
    expect(next.length).toBe(2);
    for (const at of next) {
      const beijing = new Date(at.getTime() + 8 * 3_600_000); // UTC+8, no daylight saving
      expect([beijing.getUTCDate(), beijing.getUTCHours(), beijing.getUTCMinutes()]).toEqual([1, 0, 5]);
    }
  });

  it("a run started just before or just after midnight on the 1st in Beijing closes the right month (time-skipped)", async () => {
    const env = await createTimeSkippingEnv();
    try {
      const ent = await createTestEnterprise(db, { members: 1 });
      const A = ent.members[0]!;
      const taskQueue = freshId('month-end-skip');
      const temporal = await createTemporalWorker({ config, activities, taskQueue, connection: env.nativeConnection, workflowBundle: await bundleWorkflows() });
      // The next midnight on the 1st in Beijing (UTC+8), from the test server's clock.
      const beijingNow = new Date((await env.currentTimeMs()) + 8 * 3_600_000);
      const boundary = Date.UTC(beijingNow.getUTCFullYear(), beijingNow.getUTCMonth() + 1, 1) - 8 * 3_600_000;
      const monthOf = (utcMs: number) => new Date(utcMs + 8 * 3_600_000).toISOString().slice(0, 7);
      const [ending, next] = [monthOf(boundary - 1), monthOf(boundary)];
      await charge(A, 100n, ending);
      await charge(A, 40n, next);
      // A run timeout of its own: the test server may skip ahead to the run's timeout once the run is done, and the
      // default one is ten years away.
      const closeNow = () => env.client.workflow.execute(monthEndClose, {
        taskQueue, workflowId: freshId('month-end-close'), args: [{ enterpriseId: ent.id, timeZone: 'Asia/Shanghai' }], workflowRunTimeout: '5 minutes',
      });
      const [before, after] = await temporal.worker.runUntil(async () => {
        await env.sleep(boundary - 10 * 60_000 - (await env.currentTimeMs()));
        const early = await closeNow(); // 23:50 on the last day: the month before the ending one
        await env.sleep(15 * 60_000);
        return [early, await closeNow()] as const; // 00:05 on the 1st: the month that just ended
      });
      expect(before).toMatchObject({ period: monthOf(boundary - 32 * 86_400_000), accountsClosed: 0 });
      expect(after).toMatchObject({ period: ending, accountsClosed: 1, amountMoved: '100' });
      expect(await unclearedByPeriod(db, A)).toEqual([
        { period: ending, monthly: 0n, historical: 100n }, { period: next, monthly: 40n, historical: 0n },
      ]);
    } finally {
      await env.teardown();
    }
  });
});
