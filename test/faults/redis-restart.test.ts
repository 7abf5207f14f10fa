import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../db/connection';
import { consume, topUp } from '../../db/ledger/operations';
import { ensureRedis } from '../../scripts/provision/redis';
import { redisPersistence } from '../../scripts/redis-persistence';
import { SCAN_JOB, SCAN_SCHEDULER_ID } from '../../workers/alert-processor';
import { createQueues } from '../../queues/queues';
import { startPipeline, type Pipeline } from '../alerts/pipeline';
import { startTestSmtp, type TestSmtp } from '../alerts/smtp';
import { brokenInvariants } from '../ledger/invariants';
import { createTestEnterprise, freshId, testConfig, type TestEnterprise } from '../support';
import { freePort } from './free-port';
import { auditMessages } from './messages';
import { startPrivateRedis, type PrivateRedis } from './private-redis';

/** A Redis of the test's own (never the shared one), restarted without persistence: everything it held is gone. */
const db = createDb(testConfig());
let smtp: TestSmtp;
let redis: PrivateRedis | undefined;
const pipelines: Pipeline[] = [];
const wait = { timeout: 30_000, interval: 200 };

beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterEach(async () => {
  for (const p of pipelines.splice(0)) await p.close();
  await redis?.stop();
  redis = undefined;
});
afterAll(async () => {
  await smtp.stop();
  await db.destroy();
});

async function overdrawnEnterprise(): Promise<TestEnterprise> {
  const ent = await createTestEnterprise(db, { members: 2 });
  for (const m of ent.members) {
    await topUp(db, { key: freshId('top-up'), accountId: m, amount: 10_00n, actor: 'test' });
    await consume(db, { key: freshId('use'), accountId: m, amount: 20_00n, actor: 'test' });
  }
  return ent;
}

/** One command on a connection that never retries (a SHUTDOWN closes it for good). */
async function onceRedis<T>(url: string, command: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await command(r);
  } finally {
    r.disconnect();
  }
}

const emailStatuses = async (ent: TestEnterprise) => db('notifications').where({ enterprise_id: ent.id, channel: 'email' }).pluck('status');

describe('Redis restarted without persistence', () => {
  it('loses its jobs and the scan schedule; the outbox and the messages are re-driven from Postgres, each sent once', async () => {
    redis = await startPrivateRedis({ persistence: 'none' });
    const config = testConfig({
      REDIS_URL: redis.url, SMTP_URL: smtp.url, REDRIVE_AFTER_MS: '1000', REDRIVE_INTERVAL_MS: '500',
      RETRY_BACKOFF_MS: '200', RETRY_BACKOFF_MAX_MS: '1000', ALERT_SCAN_INTERVAL_MS: '1000',
    });
    // Messages waiting for their retry (the SMTP server is down): their delayed delivery jobs live in Redis.
    await smtp.stop();
    pipelines.push(await startPipeline(db, config));
    const retrying = await overdrawnEnterprise();
    await vi.waitFor(async () => expect(await emailStatuses(retrying)).toEqual(['retrying', 'retrying', 'retrying', 'retrying']), wait);
    await pipelines.pop()!.close();
    // Events relayed to Redis that no notifier has consumed yet.
    const pipeline = await startPipeline(db, config, { notifier: false });
    pipelines.push(pipeline);
    const queued = await overdrawnEnterprise();
    await vi.waitFor(async () => {
      const events = await db('outbox').whereRaw(`(payload->>'enterpriseId')::int = ?`, [queued.id]).select('relayed_at', 'done_at');
      expect(events.length).toBe(2);
      expect(events.every((e) => e.relayed_at !== null && e.done_at === null)).toBe(true);
    }, wait);
    // This enterprise's two (the relay also carries what other test files, running alongside, left unrelayed).
    const waiting = await pipeline.queues.notifications.getWaiting();
    expect(waiting.filter((j) => (j.data.payload as { enterpriseId?: number }).enterpriseId === queued.id)).toHaveLength(2);

    const restartedAt = Date.now();
    await redis.restart();
    // The alert scan is scheduled again as soon as the workers reconnect, and runs.
    await vi.waitFor(async () => expect(await pipeline.queues['alert-check'].getJobScheduler(SCAN_SCHEDULER_ID)).toBeDefined(), wait);
    await vi.waitFor(async () => {
      const scans = (await pipeline.queues['alert-check'].getJobs(['completed'])).filter((j) => j.name === SCAN_JOB);
      expect(scans.some((j) => (j.finishedOn ?? 0) > restartedAt)).toBe(true);
    }, wait);

    await smtp.start();
    pipelines.push(await startPipeline(db, config, { relay: false, alerts: false })); // the notifier again
    await vi.waitFor(async () => {
      const audit = await auditMessages(db, smtp.received, [retrying.id, queued.id]);
      expect(audit).toMatchObject({ events: 4, messages: 12, lost: [], duplicated: [], stuck: [] });
    }, wait);
    expect(await brokenInvariants(db, [retrying.id, queued.id])).toEqual([]);
  }, 90_000);
});

describe('Redis persistence', () => {
  it('uam doctor warns about a Redis that keeps nothing on disk, not about one with an append-only file', async () => {
    redis = await startPrivateRedis({ persistence: 'none' });
    expect((await redisPersistence(redis.url)).warning).toMatch(/^Redis keeps nothing on disk .*--appendonly yes$/);
    const aof = await startPrivateRedis({ persistence: 'aof' });
    try {
      expect(await redisPersistence(aof.url)).toMatchObject({ aof: true, warning: null });
    } finally {
      await aof.stop();
    }
  });

  it('provisioning starts Redis with an append-only file: queued jobs survive a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uam-provisioned-redis-'));
    const url = `redis://127.0.0.1:${await freePort()}`;
    const prefix = freshId('aof');
    try {
      await ensureRedis(url, () => undefined, { dir });
      expect(await redisPersistence(url)).toMatchObject({ aof: true, warning: null });
      const queues = createQueues({ redisUrl: url, queuePrefix: prefix });
      await queues.notifications.add('transfer.completed', { dedupeKey: 'k', payload: {} }, { jobId: 'kept' });
      await queues.close();
      await new Promise((resolve) => setTimeout(resolve, 1500)); // appendfsync everysec
      process.kill(await onceRedis(url, async (r) => Number(/process_id:(\d+)/.exec(await r.info('server'))![1])), 'SIGKILL');
      await ensureRedis(url, () => undefined, { dir });
      const after = createQueues({ redisUrl: url, queuePrefix: prefix });
      expect(await after.notifications.getJob('kept')).toBeDefined();
      await after.close();
    } finally {
      await onceRedis(url, (r) => r.shutdown('NOSAVE')).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
