import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApiServer, type RunningApi } from '../../api/server';
import { createLogger } from '../../core/logger';
import { startTracing, tracingOn, tracingSdk } from '../../core/tracing';
import { createDb, type Db } from '../../db/connection';
import { consume, topUp } from '../../db/ledger/operations';
import { writeOutbox } from '../../db/outbox';
import { startWorkers } from '../../processes/worker';
import { setAlerts } from '../../services/alerts';
import { adminOf } from '../alerts/pipeline';
import type { ProcessContext } from '../../workers/context';
import { createQueues } from '../../queues/queues';
import { tokensFor } from '../api/support';
import { createTestEnterprise, freshId, testConfig, type TestEnterprise } from '../support';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver';

describe('tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('a malformed endpoint stops start-up with one line naming the variable', () => {
    expect(() => testConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }))
      .toThrow('OTEL_EXPORTER_OTLP_ENDPOINT must use http: or https: (got "collector:4318")');
    expect(() => testConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' }))
      .toThrow('OTEL_EXPORTER_OTLP_ENDPOINT must be a URL such as http://127.0.0.1:4318 (got "collector")');
  });

  it('starts no SDK, and the events the ledger and the code write carry no trace', async () => {
    const config = testConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    const db = createDb(config);
    try {
      const stop = await startTracing(config, 'uam-test');
      expect(tracingOn()).toBe(false);
      await stop();
      const ent = await createTestEnterprise(db, { members: 1 });
      // A charge that stops the account: the ledger's SQL writes account.stopped; the code writes the other event.
      const { transactionId } = await consume(db, { key: freshId('charge'), accountId: ent.members[0]!, amount: 100n, actor: 'test' });
      const dedupeKey = freshId('untraced');
      await writeOutbox(db, { topic: 'alert.settings_changed', dedupeKey, payload: { accountIds: [ent.members[0]!], actor: 'test' } });
      const rows = await db('outbox').whereIn('dedupe_key', [`account.stopped:${transactionId}:${ent.members[0]}`, dedupeKey]).select('traceparent');
      expect(rows.map((r) => r.traceparent)).toEqual([null, null]);
    } finally {
      await db.destroy();
    }
  });
});

describe('tracing on: one trace from the API request to the queue job', () => {
  let receiver: OtlpReceiver;
  let db: Db;
  let api: RunningApi;
  let ent: TestEnterprise;
  let token: string;
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // What `uam start` does with OTEL_EXPORTER_OTLP_ENDPOINT set: tracing first, then the workers and the API.
    const config = testConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OUTBOX_POLL_MS: '25' });
    closers.push(await startTracing(config, 'uam-test'));
    db = createDb(config);
    closers.push(() => db.destroy());
    // The sender has 100.00 yuan and an alert below 95.00, armed. The check its threshold queues would find nothing
    // to do; it is marked done before any worker runs, so nothing can fire the alert outside the trace.
    ent = await createTestEnterprise(db, { members: 2 });
    token = (await tokensFor(db, ent)).enterprise_admin;
    await topUp(db, { key: freshId('top-up'), accountId: ent.members[0]!, amount: 10_000n, actor: 'test' });
    await setAlerts(db, adminOf(ent.id, ent.ma), [ent.members[0]!], { threshold: '95' });
    await db('outbox').whereNull('relayed_at').whereRaw(`payload->'accountIds' @> ?::jsonb`, [JSON.stringify([ent.members[0]])])
      .update({ relayed_at: db.fn.now(), done_at: db.fn.now() });
    const queues = createQueues(config);
    closers.push(() => queues.close());
    const ctx: ProcessContext = { config, logger: createLogger(config, 'traces-test'), onClose: (_name, close) => closers.push(close) };
    await startWorkers(ctx, { db, queues }, ['temporal', 'outbox-relay', 'alerts', 'notifier']);
    api = await startApiServer({ config, db, logger: ctx.logger });
    closers.push(() => api.close());
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await receiver?.close();
  });

  it('links the request span, the workflow and its activities, the ledger calls and the jobs of the events they wrote', async () => {
    // The transfer takes the sender below its threshold: its alert fires, and the low-balance message is queued.
    const res = await fetch(`${api.url}/transfers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': freshId('transfer') },
      body: JSON.stringify({ fromAccountId: ent.members[0], toAccountId: ent.members[1], amount: '12.34' }),
    });
    expect(res.status).toBe(202);
    const requestId = res.headers.get('x-request-id');

    const request = () => receiver.spans.find((s) => s.name === 'POST /transfers' && s.attributes['uam.request_id'] === requestId);
    const inTrace = () => receiver.spans.filter((s) => s.traceId === request()?.traceId);
    const named = (name: string) => inTrace().filter((s) => s.name === name);
    const byId = (id: string | undefined) => inTrace().find((s) => s.spanId === id);
    // Until the workflow ended (its span is exported then), and the jobs of the transfer's "done" message (written
    // with the posting), of the alert (written by the posting's own SQL, which decided the crossing) and of sending
    // the messages ran.
    await vi.waitFor(async () => {
      await tracingSdk()?.flush();
      expect(named('RunWorkflow:transferWorkflow')).toHaveLength(1);
      expect(named('queue notifications transfer.completed')).toHaveLength(1);
      expect(named('queue notifications alert.low_balance')).toHaveLength(1);
      const sent = named('queue deliveries notification').map((s) => byId(s.parentSpanId)?.name);
      expect(new Set(sent)).toEqual(new Set(['queue notifications transfer.completed', 'queue notifications alert.low_balance']));
    }, { timeout: 60_000, interval: 200 });

    const server = request()!;
    expect(server).toMatchObject({ service: 'uam-test', parentSpanId: undefined });
    expect(server.attributes).toMatchObject({ 'http.route': '/transfers', 'http.response.status_code': 202 });
    // API request → workflow start → workflow run → activity → ledger call, each the child of the one before.
    const start = named('StartWorkflow:transferWorkflow');
    expect(start).toHaveLength(1);
    expect(start[0]!.parentSpanId).toBe(server.spanId);
    const run = named('RunWorkflow:transferWorkflow');
    expect(run).toHaveLength(1);
    expect(run[0]!.parentSpanId).toBe(start[0]!.spanId);
    // Nothing waits for approval: one ledger call checks and posts the transfer.
    const post = named('ledger uam_transfer_unless_approval');
    expect(post).toHaveLength(1);
    expect(post[0]!.attributes).toMatchObject({ 'db.operation.name': 'uam_transfer_unless_approval', 'uam.ledger.outcome': 'ok' });
    const activity = byId(post[0]!.parentSpanId)!;
    expect(activity.name).toBe('RunActivity:moveAtOnce');
    expect(byId(byId(activity.parentSpanId)?.parentSpanId)?.spanId).toBe(run[0]!.spanId);

    // Through the outbox and BullMQ: the message the activity wrote (in the posting's transaction) continues the
    // activity's span or its ledger call's; the alert the posting's SQL fired continues the ledger call's; each
    // message's delivery job continues its event's job.
    const message = named('queue notifications transfer.completed')[0]!;
    expect([activity.spanId, post[0]!.spanId]).toContain(message.parentSpanId);
    expect(message.attributes).toMatchObject({ 'messaging.system': 'bullmq', 'messaging.destination.name': 'notifications' });
    const alert = named('queue notifications alert.low_balance')[0]!;
    expect(alert.parentSpanId).toBe(post[0]!.spanId);
    // Each message is sent by a job of its own, a child of the job that recorded it.
    const sends = new Set(named('queue deliveries notification').map((s) => s.parentSpanId));
    expect(sends).toEqual(new Set([message.spanId, alert.spanId]));
  });
});
