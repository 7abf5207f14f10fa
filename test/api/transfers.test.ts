import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrincipal } from '../../services/principals';
import { brokenInvariants } from '../ledger/invariants';
import { freshId } from '../support';
import { fundedEnterprise, startTransferHarness, type FundedEnterprise, type TransferHarness } from '../transfers/harness';
import { call, startTestApi, tokensFor, type Api, type Tokens } from './support';

let h: TransferHarness;
let api: Api;
let ent: FundedEnterprise;
let tokens: Tokens & { second: string };
let adminId: number;

beforeAll(async () => {
  h = await startTransferHarness();
  api = await startTestApi({ temporal: h.client, taskQueue: h.deps.taskQueue, db: h.db });
  ent = await fundedEnterprise(h.db, [1000_00n, 0n, 0n]);
  const second = await createPrincipal(h.db, { name: 'second admin', role: 'enterprise_admin', enterpriseId: ent.id });
  tokens = { ...(await tokensFor(h.db, ent)), second: second.token };
  adminId = (await call(api.app, tokens.enterprise_admin, 'GET', '/me')).body.id;
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const post = (url: string, body: unknown, key?: string, token = tokens.enterprise_admin) => api.app.inject({
  method: 'POST', url, payload: body as object, headers: { authorization: `Bearer ${token}`, ...(key && { 'idempotency-key': key }) },
}).then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }));

/** Polls the status until the workflow reaches one of `stages` (activities run in real time). */
async function until(url: string, stages: string[], token = tokens.enterprise_admin) {
  for (let i = 0; ; i++) {
    const res = await call(api.app, token, 'GET', url);
    if (stages.includes(res.body.stage) || i > 150) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const figures = async (id: number) => (await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${id}`)).body;

describe('transfers and withdrawals through HTTP', () => {
  it('transfers, withdraws, shows the maximum first, and records who did it', async () => {
    const [A, B] = ent.members as [number, number];
    expect((await call(api.app, tokens.enterprise_admin, 'GET', `/transfers/maximum?from=${A}&to=${B}`)).body.maximum).toBe('1000.00');
    const key = freshId('t');
    const started = await post('/transfers', { fromAccountId: A, toAccountId: B, amount: '300.00' }, key);
    expect(started).toEqual({ status: 202, body: { workflowId: `transfer-e${ent.id}-${key}`, requestId: key, started: true } });
    expect(await until(`/transfers/${key}`, ['completed', 'failed'])).toMatchObject({ stage: 'completed', amount: '300.00', fromAccountId: A, toAccountId: B, error: null });
    expect((await post('/transfers', { fromAccountId: A, toAccountId: B, amount: '300.00' }, key)).body.started).toBe(false);
    expect(await figures(B)).toMatchObject({ transferBook: '300.00', transferBooks: [{ sourceAccountId: A, balance: '300.00' }] });
    const posted = await h.db('ledger_transactions').where({ idempotency_key: `transfer-e${ent.id}-${key}:post` }).first('actor');
    expect(posted.actor).toMatch(new RegExp(`^principal:${adminId}:`));

    expect((await call(api.app, tokens.enterprise_admin, 'GET', `/withdrawals/maximum?from=${B}&to=${A}`)).body.maximum).toBe('300.00');
    const w = freshId('w');
    expect((await post('/withdrawals', { fromAccountId: B, toAccountId: A, amount: '120.00' }, w)).status).toBe(202);
    expect(await until(`/withdrawals/${w}`, ['completed', 'failed'])).toMatchObject({ stage: 'completed', kind: 'withdrawal', amount: '120.00' });
    expect([(await figures(A)).ownCash, (await figures(B)).transferBook]).toEqual(['820.00', '180.00']);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });

  it('refuses more than the maximum at once, with the maximum, starting nothing', async () => {
    const [A, B] = ent.members as [number, number];
    const key = freshId('over');
    const over = await post('/transfers', { fromAccountId: A, toAccountId: B, amount: '820.01' }, key);
    expect(over).toMatchObject({ status: 422, body: { error: { code: 'TRANSFER_EXCEEDS_MAXIMUM', details: { maximum: '820.00' } } } });
    expect(over.body.error.message).toContain('820.00 yuan');
    const back = await post('/withdrawals', { fromAccountId: B, toAccountId: A, amount: '1000' });
    expect(back).toMatchObject({ status: 422, body: { error: { code: 'WITHDRAWAL_EXCEEDS_MAXIMUM', details: { maximum: '180.00' } } } });
    expect((await call(api.app, tokens.enterprise_admin, 'GET', `/transfers/${key}`)).status).toBe(404);
    expect((await post('/transfers', { fromAccountId: A, toAccountId: A, amount: '1.00' })).body.error.code).toBe('SAME_ACCOUNT');
  });

  it('waits for a second admin above the threshold: the starter may not approve; a rejection voids the hold', async () => {
    const [A, , C] = ent.members as [number, number, number];
    await h.db('enterprises').where({ id: ent.id }).update({ dual_control_threshold: 100_00n });
    const key = freshId('big');
    await post('/transfers', { fromAccountId: A, toAccountId: C, amount: '150.00' }, key);
    expect(await until(`/transfers/${key}`, ['awaiting_approval'])).toMatchObject({ approval: { required: true, threshold: '100.00' } });
    expect((await figures(A)).held).toBe('150.00');
    const self = await post(`/transfers/${key}/approve`, {});
    expect([self.status, self.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const approved = await post(`/transfers/${key}/approve`, { reason: 'checked' }, undefined, tokens.second);
    expect(approved.body).toMatchObject({ stage: 'completed', approval: { outcome: 'approved', reason: 'checked' } });

    const key2 = freshId('big');
    await post('/transfers', { fromAccountId: A, toAccountId: C, amount: '120.00' }, key2);
    await until(`/transfers/${key2}`, ['awaiting_approval']);
    const rejected = await post(`/transfers/${key2}/reject`, { reason: 'not agreed' }, undefined, tokens.second);
    expect(rejected.body).toMatchObject({ stage: 'failed', error: { code: 'APPROVAL_REJECTED' } });
    expect(await figures(A)).toMatchObject({ held: '0.00', ownCash: '670.00' });
    expect((await figures(C)).transferBook).toBe('150.00');
    await h.db('enterprises').where({ id: ent.id }).update({ dual_control_threshold: null });
  });

  it('runs a batch of transfers and reports each item', async () => {
    const [A, B, C] = ent.members as [number, number, number];
    const key = freshId('batch');
    const started = await post('/transfer-batches', { items: [{ fromAccountId: A, toAccountId: B, amount: '10.00' }, { fromAccountId: A, toAccountId: C, amount: '5000.00' }] }, key);
    expect(started.status).toBe(202);
    let batch;
    for (let i = 0; i < 150; i++) {
      batch = (await call(api.app, tokens.ops, 'GET', `/transfer-batches/${key}?enterpriseId=${ent.id}`)).body;
      if (batch.completed + batch.failed === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(batch).toMatchObject({ total: 2, completed: 1, failed: 1 });
    expect(batch.items.map((i: { status: string; amount: string; error: { code: string } | null }) => [i.status, i.amount, i.error?.code ?? null]))
      .toEqual([['completed', '10.00', null], ['failed', '5000.00', 'TRANSFER_EXCEEDS_MAXIMUM']]);
  });

  it('lets only enterprise admins move money, only within their enterprise, and hides other enterprises’ movements', async () => {
    const [A, B] = ent.members as [number, number];
    for (const role of ['member', 'ops', 'account_manager', 'credit_reviewer'] as const) {
      const res = await post('/transfers', { fromAccountId: A, toAccountId: B, amount: '1.00' }, undefined, tokens[role]);
      expect([role, res.status, res.body.error.code]).toEqual([role, 403, 'FORBIDDEN']);
    }
    const other = await fundedEnterprise(h.db, [50_00n, 0n]);
    const otherTokens = await tokensFor(h.db, other);
    const foreign = await post('/transfers', { fromAccountId: other.members[0], toAccountId: other.members[1], amount: '1.00' });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
    const key = freshId('t');
    await post('/transfers', { fromAccountId: A, toAccountId: B, amount: '1.00' }, key);
    const peek = await call(api.app, otherTokens.enterprise_admin, 'GET', `/transfers/${key}`);
    expect([peek.status, peek.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await call(api.app, tokens.member, 'GET', `/transfers/${key}`)).status).toBe(403);
    expect((await until(`/transfers/${key}?enterpriseId=${ent.id}`, ['completed'], tokens.ops)).stage).toBe('completed');
  });
});
