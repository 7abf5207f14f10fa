import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topUp } from '../../db/ledger/operations';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from '../api/support';
import { freshId } from '../support';
import type { TestEnterprise } from '../support';
import { scrape } from './metrics-support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;

beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db));
});
afterAll(async () => api.close());

describe('GET /metrics', () => {
  it('counts each request once under its route pattern, not its URL', async () => {
    const before = await scrape(api.app);
    const series = 'uam_http_requests_total{route="/accounts/:accountId",method="GET",status="200"}';
    const notFound = 'uam_http_requests_total{route="/accounts/:accountId",method="GET",status="404"}';
    await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${ent.members[0]}`);
    await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${ent.members[1]}`);
    await call(api.app, tokens.enterprise_admin, 'GET', '/accounts/999999999');
    const after = await scrape(api.app);
    expect(after(series) - before(series)).toBe(2);
    expect(after(notFound) - before(notFound)).toBe(1);
    expect(after('uam_http_request_duration_seconds_count{route="/accounts/:accountId",method="GET"}')
      - before('uam_http_request_duration_seconds_count{route="/accounts/:accountId",method="GET"}')).toBe(3);
  });

  it('counts ledger operations by function and outcome: ok, replayed, refused with its code', async () => {
    const before = await scrape(api.app);
    const key = freshId('top-up');
    await topUp(api.db, { key, accountId: ent.members[0]!, amount: 100n, actor: 'test' });
    await topUp(api.db, { key, accountId: ent.members[0]!, amount: 100n, actor: 'test' });
    await expect(topUp(api.db, { key, accountId: ent.members[0]!, amount: 200n, actor: 'test' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const after = await scrape(api.app);
    const moved = (outcome: string) => after(`uam_ledger_operations_total{operation="uam_receive",outcome="${outcome}"}`)
      - before(`uam_ledger_operations_total{operation="uam_receive",outcome="${outcome}"}`);
    expect([moved('ok'), moved('replayed'), moved('IDEMPOTENCY_KEY_REUSED')]).toEqual([1, 1, 1]);
    expect(after('uam_ledger_operation_duration_seconds_count{operation="uam_receive"}')
      - before('uam_ledger_operation_duration_seconds_count{operation="uam_receive"}')).toBe(3);
  });

  it('counts a workflow started through the API once, not its replayed request', async () => {
    await topUp(api.db, { key: freshId('top-up'), accountId: ent.members[0]!, amount: 10_000n, actor: 'test' });
    const series = 'uam_workflows_started_total{type="transferWorkflow"}';
    const before = await scrape(api.app);
    const body = { fromAccountId: ent.members[0], toAccountId: ent.members[1], amount: '1.00' };
    const key = { 'idempotency-key': freshId('transfer') };
    expect((await call(api.app, tokens.enterprise_admin, 'POST', '/transfers', body, key)).status).toBe(202);
    expect((await call(api.app, tokens.enterprise_admin, 'POST', '/transfers', body, key)).status).toBe(202);
    expect((await scrape(api.app))(series) - before(series)).toBe(1);
  });

  it('is Prometheus text with the process metrics, without a token', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toMatch(/^# HELP uam_http_requests_total /m);
    expect(res.body).toMatch(/^uam_process_resident_memory_bytes \d+/m);
  });
});
