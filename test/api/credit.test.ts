import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCreditHarness, type CreditHarness } from '../credit/harness';
import type { TestEnterprise } from '../support';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

let h: CreditHarness;
let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;

beforeAll(async () => {
  h = await startCreditHarness();
  api = await startTestApi({ temporal: h.env.client, taskQueue: h.deps.taskQueue, db: h.db });
  ({ ent, tokens } = await enterpriseWithTokens(h.db, 3));
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const as = (role: keyof Tokens) => (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => call(api.app, tokens[role], method, url, body);
const adminPrincipalId = async () => (await as('enterprise_admin')('GET', '/me')).body.id as number;

describe('credit through HTTP', () => {
  it('applies, reviews, confirms the contract, assigns and moves member limits, each change recorded with its author', async () => {
    const submitted = await as('account_manager')('POST', `/enterprises/${ent.id}/credit-applications`, { publicCloud: '10000.00', hybridCloud: '5000', reason: 'expansion' });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ enterpriseId: ent.id, stage: 'awaiting_review', requested: { publicCloud: '10000.00', hybridCloud: '5000.00', total: '15000.00' } });
    const id = submitted.body.id as string;

    expect((await as('ops')('GET', `/credit-applications/${id}`)).body).toMatchObject({ stage: 'awaiting_review', requested: { total: '15000.00' } });
    const listed = await as('enterprise_admin')('GET', `/credit-applications?enterpriseId=${ent.id}`);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([id]);

    const decided = await as('credit_reviewer')('POST', `/credit-applications/${id}/decision`, { approve: true, publicCloud: '8000.00', hybridCloud: '4000.00', reason: 'within policy' });
    expect(decided.body).toMatchObject({ stage: 'awaiting_contract', approved: { total: '12000.00' } });

    const confirmed = await as('enterprise_admin')('POST', `/credit-applications/${id}/confirm`);
    expect(confirmed.body.stage).toBe('in_force');
    expect((await as('enterprise_admin')('GET', `/enterprises/${ent.id}/credit`)).body).toMatchObject({ total: '12000.00', assigned: '0.00', available: '12000.00' });

    const [a, b] = ent.members as [number, number];
    const assigned = await as('enterprise_admin')('PUT', `/accounts/${a}/credit-limit`, { newLimit: '3000.00', reason: 'team budget' });
    expect(assigned.body).toMatchObject({ replayed: false, changes: [{ accountId: a, oldLimit: '0.00', newLimit: '3000.00' }] });
    const moved = await as('enterprise_admin')('POST', '/credit-limit-moves', { fromAccountId: a, toAccountId: b, amount: '1000.00', reason: 'rebalance' });
    expect(moved.body.changes).toEqual([{ accountId: a, oldLimit: '3000.00', newLimit: '2000.00' }, { accountId: b, oldLimit: '0.00', newLimit: '1000.00' }]);

    const actor = `principal:${await adminPrincipalId()}:`;
    const history = await as('member')('GET', `/accounts/${a}/credit/history`);
    expect(history.body.items.map((c: { newLimit: string; actor: string; reason: string }) => [c.newLimit, c.actor.startsWith(actor), c.reason]))
      .toEqual([['2000.00', true, 'rebalance'], ['3000.00', true, 'team budget']]);
    expect((await as('enterprise_admin')('GET', `/enterprises/${ent.id}/credit`)).body).toMatchObject({ assigned: '3000.00', available: '9000.00' });
  });

  it('answers a retried limit change with the same Idempotency-Key once, and refuses more than is available with the maximum in yuan', async () => {
    const c = ent.members[2]!;
    const put = (body: unknown, key?: string) => api.app.inject({
      method: 'PUT', url: `/accounts/${c}/credit-limit`, payload: body as object,
      headers: { authorization: `Bearer ${tokens.enterprise_admin}`, ...(key && { 'idempotency-key': key }) },
    });
    const first = JSON.parse((await put({ delta: '100.00', reason: 'once' }, `retry-${c}`)).body);
    const again = JSON.parse((await put({ delta: '100.00', reason: 'once' }, `retry-${c}`)).body);
    expect(again).toEqual(first); // the first answer, and the limit moved once (checked below)
    const over = await put({ delta: '1000000.00', reason: 'too much' });
    expect(over.statusCode).toBe(422);
    expect(JSON.parse(over.body).error).toMatchObject({ code: 'CREDIT_EXCEEDS_AVAILABLE', details: { maximum: '8900.00' } });
    expect((await as('enterprise_admin')('GET', `/accounts/${c}`)).body.creditLimit).toBe('100.00');
  });

  it('refuses an Idempotency-Key already used for a different limit change, and gives the MA account no limit', async () => {
    const [a, b] = ent.members as [number, number];
    const put = (account: number, body: object, key: string) => call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${account}/credit-limit`, body, { 'idempotency-key': key });
    const key = `reuse-${a}`;
    const first = await put(a, { newLimit: '50.00', reason: 'r' }, key);
    expect(first.status).toBe(200);
    expect((await put(a, { newLimit: '50.00', reason: 'r' }, key)).body).toEqual(first.body);
    for (const [account, body] of [[b, { newLimit: '50.00', reason: 'r' }], [a, { newLimit: '60.00', reason: 'r' }], [a, { delta: '50.00', reason: 'r' }]] as const) {
      const reused = await put(account, body, key);
      expect([reused.status, reused.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    }
    const move = (amount: string) => call(api.app, tokens.enterprise_admin, 'POST', '/credit-limit-moves', { fromAccountId: a, toAccountId: b, amount, reason: 'r' }, { 'idempotency-key': `move-${a}` });
    expect((await move('10.00')).status).toBe(200);
    expect([(await move('11.00')).status, (await move('11.00')).body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect([(await as('enterprise_admin')('GET', `/accounts/${a}`)).body.creditLimit, (await as('enterprise_admin')('GET', `/accounts/${b}`)).body.creditLimit])
      .toEqual(['40.00', '1010.00']);

    const ma = await as('enterprise_admin')('PUT', `/accounts/${ent.ma}/credit-limit`, { newLimit: '1.00', reason: 'r' });
    expect([ma.status, ma.body.error.code]).toEqual([422, 'CREDIT_LIMIT_MEMBERS_ONLY']);
  });

  it('withdraws and rejects applications; a decided one cannot be decided again', async () => {
    const other = await enterpriseWithTokens(h.db, 1);
    const submit = async () => (await as('account_manager')('POST', `/enterprises/${other.ent.id}/credit-applications`, { publicCloud: '1.00', hybridCloud: '0', reason: 'try' })).body.id as string;
    const first = await submit();
    expect((await as('account_manager')('POST', `/credit-applications/${first}/withdraw`, { reason: 'customer asked' })).body.stage).toBe('withdrawn');
    const second = await submit();
    expect((await as('credit_reviewer')('POST', `/credit-applications/${second}/decision`, { approve: false, reason: 'no history' })).body.stage).toBe('rejected');
    const twice = await as('credit_reviewer')('POST', `/credit-applications/${second}/decision`, { approve: true, reason: 'changed mind' });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'INVALID_STATE']);
    const unknown = await as('credit_reviewer')('GET', '/credit-applications/00000000-0000-4000-8000-000000000000');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'APPLICATION_NOT_FOUND']);
    const malformed = await as('credit_reviewer')('GET', '/credit-applications/not-a-uuid');
    expect([malformed.status, malformed.body.error.details.field]).toEqual([400, 'applicationId']);
  });
});
