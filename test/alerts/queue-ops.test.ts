import { UnrecoverableError, Worker } from 'bullmq';
import Fastify from 'fastify';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mountQueueDashboard } from '../../api/queue-dashboard';
import { queueHealth } from '../../queues/queue-health';
import { createQueues, createRedisConnection, QUEUE_NAMES } from '../../queues/queues';
import { testConfig } from '../support';

const config = testConfig();
const queues = createQueues(config);
afterAll(() => queues.close());

describe('queue operations', () => {
  it('queue health counts the jobs of every queue, failures included', async () => {
    await queues.notifications.add('transfer.completed', {}, { jobId: 'health-1' });
    const connection = createRedisConnection(config);
    const worker = new Worker('alert-check', async () => {
      throw new UnrecoverableError('boom');
    }, { connection, prefix: config.queuePrefix });
    await queues['alert-check'].add('balance.changed', {}, { jobId: 'health-2' });
    await vi.waitFor(async () => expect(await queues['alert-check'].getFailedCount()).toBe(1), { timeout: 10_000 });

    const health = await queueHealth(config);
    expect(health.ok).toBe(true);
    expect(health.queues.find((q) => q.name === 'notifications')).toMatchObject({ waiting: 1, failed: 0, workers: 0 });
    expect(health.queues.find((q) => q.name === 'alert-check')).toMatchObject({ waiting: 0, failed: 1, workers: 1 });
    await worker.close();
    await connection.quit();
    expect(health.queues.map((q) => q.name)).toEqual([...QUEUE_NAMES]);
  });

  it('queue health reports an unreachable Redis instead of hanging', async () => {
    const health = await queueHealth({ ...config, redisUrl: 'redis://127.0.0.1:1' }, 1000);
    expect(health).toMatchObject({ ok: false, queues: [] });
    expect(health.error).toBeTruthy();
  });

  it('the dashboard serves Bull Board at /admin/queues with uam’s queues', async () => {
    const app = Fastify();
    await mountQueueDashboard(app, queues);
    const page = await app.inject({ url: '/admin/queues' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/html/);
    const api = await app.inject({ url: '/admin/queues/api/queues' });
    expect(api.statusCode).toBe(200);
    expect((api.json() as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
    await app.close();
  });
});
