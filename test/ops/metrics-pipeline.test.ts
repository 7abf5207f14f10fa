/**
 * The metrics a worker process exports about its own work: the outbox backlog and queue depths (read when
 * scraped), events relayed, alerts fired, jobs and their durations, messages sent — each moved by exactly what
 * one charge below an alert threshold causes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../db/connection';
import * as ledger from '../../db/ledger/operations';
import { listNotifications } from '../../db/notifications';
import { outboxStats, writeOutbox } from '../../db/outbox';
import { setAlerts } from '../../services/alerts';
import { watchBacklogs } from '../../workers/backlog-metrics';
import { QUEUE_NAMES, createQueues, type Queues } from '../../queues/queues';
import { adminOf, startPipeline, type Pipeline } from '../alerts/pipeline';
import { startTestSmtp, type TestSmtp } from '../alerts/smtp';
import { createTestEnterprise, freshId, testConfig } from '../support';
import { scrapeProcess } from './metrics-support';

const db = createDb(testConfig());
const wait = { timeout: 30_000, interval: 100 };
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.stop();
  await db.destroy();
});

/** Waits until nothing is waiting in the outbox or on the queues: what follows is caused by the test alone. */
async function drained(queues: Queues): Promise<void> {
  await vi.waitFor(async () => {
    expect((await outboxStats(db)).unrelayed).toBe(0);
    for (const name of QUEUE_NAMES) {
      // (Delayed jobs are left out: the alert scan's repeatable job is always one.)
      const counts = await queues[name].getJobCounts('waiting', 'active');
      expect([name, counts.waiting, counts.active]).toEqual([name, 0, 0]);
    }
  }, { timeout: 30_000, interval: 200 });
}

describe('metrics of the outbox and queues', () => {
  it('report the outbox backlog, its oldest age, and queue depths when scraped', async () => {
    const queues = createQueues(testConfig());
    const stop = watchBacklogs(db, queues);
    try {
      const before = await scrapeProcess();
      // No relay runs in this test: the event stays in the outbox, the job on its queue.
      await writeOutbox(db, { topic: 'alert.settings_changed', dedupeKey: freshId('metrics'), payload: { accountIds: [], actor: 'test' } });
      await queues.smoke.add('ping', {});
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const after = await scrapeProcess();
      expect(after('uam_outbox_backlog{stage="unrelayed"}') - before('uam_outbox_backlog{stage="unrelayed"}')).toBe(1);
      expect(after('uam_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(1);
      expect(after('uam_queue_jobs{queue="smoke",state="waiting"}')).toBe(1);
      expect(after('uam_queue_jobs{queue="deliveries",state="waiting"}')).toBe(0);
    } finally {
      stop();
      await queues.close();
    }
  });

  it('count the events, the alert, the jobs and the messages one charge below a threshold causes', async () => {
    const pipeline: Pipeline = await startPipeline(db, testConfig({ SMTP_URL: smtp.url }));
    try {
      const ent = await createTestEnterprise(db, { members: 1 });
      const member = ent.members[0]!;
      await ledger.topUp(db, { key: freshId('k'), accountId: member, amount: 100_00n, actor: 'test' });
      await setAlerts(db, adminOf(ent.id, ent.ma), [member], { threshold: '50' });
      await drained(pipeline.queues);

      const before = await scrapeProcess();
      await ledger.consume(db, { key: freshId('k'), accountId: member, amount: 60_00n, actor: 'test' });
      const records = await vi.waitFor(async () => {
        const items = (await listNotifications(db, member)).items.filter((r) => r.topic === 'alert.low_balance');
        expect(items.length).toBeGreaterThan(0);
        expect(items.every((r) => r.status === 'sent')).toBe(true);
        return items;
      }, wait);
      await drained(pipeline.queues);
      const after = await scrapeProcess();
      const moved = (series: string) => after(series) - before(series);

      expect(moved('uam_outbox_events_relayed_total{topic="alert.low_balance"}')).toBe(1);
      expect(moved('uam_alerts_fired_total')).toBe(1);
      const emails = records.filter((r) => r.channel === 'email').length;
      const texts = records.filter((r) => r.channel === 'sms').length;
      expect(emails).toBe(2); // the member and the MA account
      expect(moved('uam_notifications_total{channel="email",outcome="sent"}')).toBe(emails);
      expect(moved('uam_notifications_total{channel="sms",outcome="sent"}')).toBe(texts);
      // The posting decided the alert itself (no alert check), one notification job for it, one delivery per message.
      expect(moved('uam_queue_job_duration_seconds_count{queue="alert-check",result="completed"}')).toBe(0);
      expect(moved('uam_queue_job_duration_seconds_count{queue="notifications",result="completed"}')).toBe(1);
      expect(moved('uam_queue_job_duration_seconds_count{queue="deliveries",result="completed"}')).toBe(emails + texts);
      expect(moved('uam_ledger_operations_total{operation="uam_consume",outcome="ok"}')).toBe(1);
    } finally {
      await pipeline.close();
    }
  });

  it('count a failed job attempt under its queue', async () => {
    // SMTP down: the delivery's attempt fails and is retried later.
    const pipeline = await startPipeline(db, testConfig({ SMTP_URL: 'smtp://127.0.0.1:9', RETRY_BACKOFF_MS: '60000' }));
    try {
      const ent = await createTestEnterprise(db, { members: 1 });
      await drained(pipeline.queues);
      const before = await scrapeProcess();
      await ledger.consume(db, { key: freshId('k'), accountId: ent.members[0]!, amount: 1_00n, actor: 'test' }); // stops it
      await vi.waitFor(async () => {
        const after = await scrapeProcess();
        expect(after('uam_queue_job_failures_total{queue="deliveries"}') - before('uam_queue_job_failures_total{queue="deliveries"}')).toBeGreaterThan(0);
        expect(after('uam_notifications_total{channel="email",outcome="retryable"}') - before('uam_notifications_total{channel="email",outcome="retryable"}')).toBeGreaterThan(0);
      }, wait);
    } finally {
      await pipeline.close();
    }
  });
});
