import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { createLogger } from '../../core/logger';
import { unclearedByPeriod } from '../../db/ledger/queries';
import { createQueues, type Queues } from '../../queues/queues';
import { bundleWorkflows, createTemporalWorker, type TemporalWorker } from '../../workers/temporal-worker';
import { freshId, testConfig, type TestEnterprise } from '../support';
import { runUam } from './run-cli';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

const taskQueue = freshId('billing-periods');
const config = testConfig({ TEMPORAL_TASK_QUEUE: taskQueue });
let api: Api;
let queues: Queues;
let worker: TemporalWorker;
let ent: TestEnterprise;
let other: TestEnterprise;
let tokens: Tokens;
let url: string;

beforeAll(async () => {
  api = await startTestApi({ taskQueue });
  queues = createQueues(config);
  worker = await createTemporalWorker({
    config, taskQueue, workflowBundle: await bundleWorkflows(),
    activities: createActivities({ config, db: api.db, queues, logger: createLogger(config, 'billing-periods-test') }),
  });
  void worker.run();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 2));
  ({ ent: other } = await enterpriseWithTokens(api.db, 1));
  url = await api.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await worker?.stop();
  await queues?.close();
  await api?.close();
});

const charge = (accountId: number, body: Record<string, string>) =>
  call(api.app, tokens.ops, 'POST', `/accounts/${accountId}/charges`, body, { 'idempotency-key': freshId('evt') });
const close = (period: string, body: object = { enterpriseId: ent.id }, token = tokens.ops) =>
  call(api.app, token, 'POST', `/billing/periods/${period}/close`, body);

/** Follows the close as a user would, until it is no longer running. */
async function closed(period: string, enterpriseId = ent.id) {
  for (let i = 0; ; i++) {
    const res = await call(api.app, tokens.ops, 'GET', `/billing/periods/${period}/close?enterpriseId=${enterpriseId}`);
    if (res.body.state !== 'running' || i > 200) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('billing periods through HTTP', () => {
  it("charges carry their period (given, or their usage time's month in Beijing); a close moves only that period, once", async () => {
    const [A, B] = ent.members as [number, number];
    expect((await charge(A, { amount: '30.00', period: '2025-05' })).status).toBe(201);
    await charge(B, { amount: '12.50', usageTime: '2025-05-31T15:59:59Z' }); // 23:59:59 on 31 May in Beijing
    await charge(B, { amount: '8.00', usageTime: '2025-05-31T16:00:00Z' }); // 00:00 on 1 June there
    await charge(other.members[0]!, { amount: '5.00', period: '2025-05' });
    expect(await unclearedByPeriod(api.db, B)).toEqual([
      { period: '2025-05', monthly: 12_50n, historical: 0n }, { period: '2025-06', monthly: 8_00n, historical: 0n },
    ]);

    const started = await close('2025-05');
    expect([started.status, started.body]).toEqual([202, expect.objectContaining({ period: '2025-05', enterpriseId: ent.id, closeId: expect.any(String) })]);
    expect(await closed('2025-05')).toMatchObject({ state: 'closed', stage: 'closed', accountsClosed: 2, amountMoved: '42.50', error: null });
    const b = (await call(api.app, tokens.ops, 'GET', `/accounts/${B}`)).body;
    expect([b.monthlyUncleared, b.historicalUncleared]).toEqual(['8.00', '12.50']);
    const byPeriod = await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${B}/uncleared`);
    expect(byPeriod.body).toEqual([{ period: '2025-05', monthly: '0.00', historical: '12.50' }, { period: '2025-06', monthly: '8.00', historical: '0.00' }]);
    expect((await call(api.app, tokens.member, 'GET', `/accounts/${B}/uncleared`)).status).toBe(404); // another member's
    expect(await unclearedByPeriod(api.db, other.members[0]!)).toEqual([{ period: '2025-05', monthly: 5_00n, historical: 0n }]);

    expect((await close('2025-05')).status).toBe(202); // again: moves nothing more
    expect(await closed('2025-05')).toMatchObject({ state: 'closed', accountsClosed: 0, amountMoved: '0.00' });

    const late = await charge(A, { amount: '2.00', period: '2025-05' }); // the period is closed: straight to historical
    expect(late.body.account).toMatchObject({ monthlyUncleared: '0.00', historicalUncleared: '32.00' });
  });

  it('refuses a bad or unfinished period naming the field, an unknown enterprise, and anyone but ops — changing nothing', async () => {
    for (const period of ['2025-13', '2025-5', 'november', '2999-01']) {
      const res = await close(period);
      expect([res.status, res.body.error.code, res.body.error.details.field], period).toEqual([400, 'VALIDATION_FAILED', 'period']);
    }
    const bad = await charge(ent.members[0]!, { amount: '1.00', period: '2025-00' });
    expect([bad.status, bad.body.error.code, bad.body.error.details.field]).toEqual([400, 'VALIDATION_FAILED', 'period']);
    const badTime = await charge(ent.members[0]!, { amount: '1.00', usageTime: 'yesterday' });
    expect([badTime.status, badTime.body.error.details.field]).toEqual([400, 'usageTime']);
    expect((await close('2025-04', { enterpriseId: 2_000_000_000 })).body.error.code).toBe('ENTERPRISE_NOT_FOUND');
    expect((await close('2025-04', {}, tokens.enterprise_admin)).status).toBe(403);
    const never = await call(api.app, tokens.ops, 'GET', `/billing/periods/2025-01/close?enterpriseId=${ent.id}`);
    expect([never.status, never.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect(await api.db('billing_period_closes').where({ enterprise_id: ent.id }).pluck('period')).toEqual(['2025-05']);
  });

  it('uam billing close shows progress and reports what moved', async () => {
    const A = ent.members[0]!;
    await charge(A, { amount: '7.25', period: '2025-07' });
    const res = await runUam(['billing', 'close', '--period', '2025-07', '--enterprise', String(ent.id)], { apiUrl: url, token: tokens.ops });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('closing 2025-07 (enterprise');
    expect(res.stdout).toMatch(/accounts closed\s+1\n/);
    expect(res.stdout).toMatch(/moved to historical\s+7\.25 yuan/);
    const refused = await runUam(['billing', 'close', '--period', '2025-13'], { apiUrl: url, token: tokens.ops });
    expect([refused.code, refused.stderr]).toEqual([3, expect.stringContaining('period: must be a billing month, YYYY-MM')]);
  });
});
