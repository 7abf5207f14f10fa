import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../queues/queues';
import { freshId, testConfig, type TestEnterprise } from '../support';
import { call, enterpriseWithTokens, startTestApi, tokensFor, type Api, type Tokens } from './support';

let api: Api;
/** The same API whose configuration points Temporal at a port nobody listens on. */
let broken: Api;
let ent: TestEnterprise;
let tokens: Tokens;
let brokenTokens: Tokens;
const prefix = freshId('ops-health');

beforeAll(async () => {
  api = await startTestApi({ env: { QUEUE_PREFIX: prefix, TEMPORAL_UI_URL: 'https://temporal.example.test/' } });
  broken = await startTestApi({ env: { TEMPORAL_ADDRESS: '127.0.0.1:1' } });
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 1));
  brokenTokens = await tokensFor(broken.db, ent);
});
afterAll(async () => {
  await api?.close();
  await broken?.close();
});

describe('GET /ops/health', () => {
  it("reports each real dependency ok, each queue's job counts, and links to the enterprise's workflows in the Temporal UI", async () => {
    const connection = new Redis(testConfig().redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('deliveries', { connection, prefix });
    await queue.add('probe', {}, { delay: 60_000 });
    await queue.add('probe', {});
    await queue.close();
    connection.disconnect();

    const { status, body } = await call(api.app, tokens.ops, 'GET', `/ops/health?enterpriseId=${ent.id}`);
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.checks.map((c: { component: string; ok: boolean; problem: unknown }) => [c.component, c.ok, c.problem])).toEqual([
      ['Postgres', true, null], ['Migrations', true, null], ['Redis', true, null], ['Temporal', true, null],
    ]);
    expect(body.checks[1].pending).toEqual([]);
    expect(body.queues.ok).toBe(true);
    expect(body.queues.items.map((q: { name: string }) => q.name)).toEqual([...QUEUE_NAMES]);
    expect(body.queues.items.find((q: { name: string }) => q.name === 'deliveries'))
      .toMatchObject({ waiting: 1, delayed: 1, active: 0, failed: 0, completed: 0, workers: 0 });
    expect(body.temporalUiUrl).toBe(`https://temporal.example.test/namespaces/${encodeURIComponent(testConfig().temporal.namespace)}/workflows`);
    expect(body.enterpriseWorkflowsUrl).toBe(`${body.temporalUiUrl}?query=${encodeURIComponent(`EnterpriseId="${ent.id}"`)}`);
    expect(JSON.stringify(body)).not.toMatch(/password|postgres:\/\//);
  });

  it('reports a dependency that does not answer as a problem, naming it, while the others stay ok', async () => {
    const { status, body } = await call(broken.app, brokenTokens.ops, 'GET', '/ops/health');
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    const temporal = body.checks.find((c: { component: string }) => c.component === 'Temporal');
    expect(temporal).toMatchObject({ ok: false, problem: 'unreachable', address: '127.0.0.1:1' });
    expect(temporal.detail).toMatch(/^not reachable: /);
    expect(body.checks.filter((c: { ok: boolean }) => c.ok).map((c: { component: string }) => c.component)).toEqual(['Postgres', 'Migrations', 'Redis']);
    expect(body.enterpriseWorkflowsUrl).toBeNull();
  });

  it('is for ops only: every other role gets 403 FORBIDDEN', async () => {
    for (const role of ['account_manager', 'credit_reviewer', 'enterprise_admin', 'member'] as const) {
      const { status, body } = await call(api.app, tokens[role], 'GET', '/ops/health');
      expect([role, status, body.error.code]).toEqual([role, 403, 'FORBIDDEN']);
    }
    expect((await call(api.app, null, 'GET', '/ops/health')).status).toBe(401);
  });
});
