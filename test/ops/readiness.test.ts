import { Client, Connection } from '@temporalio/client';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createQueues } from '../../queues/queues';
import { startTestApi } from '../api/support';
import { testConfig } from '../support';
import { freePort } from '../../bench/api-server';

describe('/livez and /readyz', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('ready when Postgres, Redis and Temporal answer through the process’s own connections', async () => {
    const queues = createQueues(testConfig());
    const api = await startTestApi({ queues });
    closers.push(() => queues.close(), () => api.close());
    const res = await api.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok', temporal: 'ok' } });
  });

  it('503 in the error shape, naming each dependency that is down; /livez stays 200', async () => {
    const deadPort = await freePort();
    const redis = new Redis(`redis://127.0.0.1:${deadPort}`, { maxRetriesPerRequest: null, lazyConnect: true, retryStrategy: () => 200 });
    const queues = createQueues({ ...testConfig(), redisUrl: `redis://127.0.0.1:${deadPort}` }, redis);
    const temporal = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 500 }) });
    const api = await startTestApi({ queues, temporal });
    closers.push(async () => { await queues.close(); redis.disconnect(); }, () => api.close(), () => temporal.connection.close());

    const res = await api.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    const { error } = res.json();
    expect(error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(error.details.dependencies).toEqual(['redis', 'temporal']);
    expect(error.details.checks.postgres).toBe('ok');
    expect(error.message).toMatch(/^not ready: redis down: .+; temporal down: .+/);
    expect((await api.app.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
  });
});
