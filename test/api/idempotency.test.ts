import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrincipal } from '../../services/principals';
import { freshId } from '../support';
import { fundedEnterprise, startTransferHarness, type FundedEnterprise, type TransferHarness } from '../transfers/harness';
import { call, startTestApi, tokensFor, type Api, type Tokens } from './support';

let h: TransferHarness;
let api: Api;
let one: FundedEnterprise;
let two: FundedEnterprise;
let tokens: { one: Tokens; two: Tokens };

beforeAll(async () => {
  h = await startTransferHarness();
  api = await startTestApi({ temporal: h.client, taskQueue: h.deps.taskQueue, db: h.db });
  [one, two] = [await fundedEnterprise(h.db, [500_00n, 0n]), await fundedEnterprise(h.db, [500_00n, 0n])];
  tokens = { one: await tokensFor(h.db, one), two: await tokensFor(h.db, two) };
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const post = (token: string, url: string, body: unknown, key: string) => call(api.app, token, 'POST', url, body, { 'idempotency-key': key });
const until = async (token: string, url: string) => {
  for (let i = 0; ; i++) {
    const res = await call(api.app, token, 'GET', url);
    if (['completed', 'failed'].includes(res.body.stage) || i > 150) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('idempotency keys', () => {
  it('the same key with other terms is refused with 409 on every endpoint that takes one; with the same terms it replays', async () => {
    const [A, B] = one.members as [number, number];
    const admin = tokens.one.enterprise_admin;
    const keyed: Array<[string, unknown, unknown, number]> = [
      ['/transfers', { fromAccountId: A, toAccountId: B, amount: '10.00' }, { fromAccountId: A, toAccountId: B, amount: '10.01' }, 202],
      ['/transfer-batches', { items: [{ fromAccountId: A, toAccountId: B, amount: '1.00' }] }, { items: [{ fromAccountId: A, toAccountId: one.ma, amount: '1.00' }] }, 202],
    ];
    for (const [url, body, other, status] of keyed) {
      const key = freshId('k');
      expect((await post(admin, url, body, key)).body).toMatchObject({ started: true });
      expect(await post(admin, url, body, key)).toMatchObject({ status, body: { started: false } });
      const reused = await post(admin, url, other, key);
      expect([url, reused.status, reused.body.error.code]).toEqual([url, 409, 'IDEMPOTENCY_KEY_REUSED']);
    }
    const sent = freshId('t');
    await post(admin, '/transfers', { fromAccountId: A, toAccountId: B, amount: '50.00' }, sent);
    expect(await until(admin, `/transfers/${sent}`)).toMatchObject({ stage: 'completed' });
    const w = freshId('w');
    expect((await post(admin, '/withdrawals', { fromAccountId: B, toAccountId: A, amount: '5.00' }, w)).body.started).toBe(true);
    expect((await post(admin, '/withdrawals', { fromAccountId: B, toAccountId: A, amount: '5.00' }, w)).body.started).toBe(false);
    expect((await post(admin, '/withdrawals', { fromAccountId: B, toAccountId: A, amount: '6.00' }, w)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const ops = tokens.one.ops;
    const now = Date.now();
    const coupon = (amount: string) => ({ amount, validFrom: new Date(now - 60_000).toISOString(), validTo: new Date(now + 86_400_000).toISOString() });
    const billing: Array<[string, unknown, unknown]> = [
      ['top-ups', { amount: '5.00' }, { amount: '5.01' }],
      ['charges', { amount: '600.00' }, { amount: '600.01' }], // beyond its cash: paid on credit
      ['repayments', { amount: '1.00' }, { amount: '2.00' }],
      ['credit-refunds', { amount: '1.00' }, { amount: '1.50' }],
      ['coupons', coupon('3.00'), coupon('4.00')],
    ];
    for (const [path, body, other] of billing) {
      const key = freshId('evt');
      const first = await post(ops, `/accounts/${A}/${path}`, body, key);
      expect([path, first.status]).toEqual([path, 201]);
      expect((await post(ops, `/accounts/${A}/${path}`, body, key)).body).toMatchObject({ transactionId: first.body.transactionId, replayed: true });
      expect((await post(ops, `/accounts/${A}/${path}`, other, key)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await post(ops, `/accounts/${B}/${path}`, body, key)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED'); // another account
    }
  });

  it('request ids belong to their enterprise: another tenant can neither see nor claim them', async () => {
    [one, two] = [await fundedEnterprise(h.db, [500_00n, 0n]), await fundedEnterprise(h.db, [500_00n, 0n])];
    tokens = { one: await tokensFor(h.db, one), two: await tokensFor(h.db, two) };
    const key = freshId('shared');
    const mine = await post(tokens.one.enterprise_admin, '/transfers', { fromAccountId: one.members[0], toAccountId: one.members[1], amount: '2.00' }, key);
    const theirs = await post(tokens.two.enterprise_admin, '/transfers', { fromAccountId: two.members[0], toAccountId: two.members[1], amount: '3.00' }, key);
    expect(mine.body).toEqual({ workflowId: `transfer-e${one.id}-${key}`, requestId: key, started: true });
    expect(theirs.body).toEqual({ workflowId: `transfer-e${two.id}-${key}`, requestId: key, started: true }); // not a 409 naming the other's
    expect(await until(tokens.one.enterprise_admin, `/transfers/${key}`)).toMatchObject({ amount: '2.00', fromAccountId: one.members[0], stage: 'completed' });
    expect(await until(tokens.two.enterprise_admin, `/transfers/${key}`)).toMatchObject({ amount: '3.00', fromAccountId: two.members[0], stage: 'completed' });

    // Approving is scoped the same way: enterprise two's second admin reaches only enterprise two's movement.
    const second = await createPrincipal(h.db, { name: 'second admin', role: 'enterprise_admin', enterpriseId: two.id });
    const decide = await call(api.app, second.token, 'POST', `/transfers/${key}/approve`, {});
    expect([decide.status, decide.body.error.code]).toEqual([409, 'INVALID_STATE']); // its own, already completed

    // Platform staff name the enterprise; an admin naming another enterprise finds nothing.
    const unnamed = await call(api.app, tokens.one.ops, 'GET', `/transfers/${key}`);
    expect([unnamed.status, unnamed.body.error.details.field]).toEqual([400, 'enterpriseId']);
    expect((await call(api.app, tokens.one.ops, 'GET', `/transfers/${key}?enterpriseId=${two.id}`)).body.amount).toBe('3.00');
    const elsewhere = await call(api.app, tokens.one.enterprise_admin, 'GET', `/transfers/${key}?enterpriseId=${two.id}`);
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('a batch is not a transfer: GET /transfers/batch-<id> is a plain 404', async () => {
    const key = freshId('b');
    await post(tokens.one.enterprise_admin, '/transfer-batches', { items: [{ fromAccountId: one.members[0], toAccountId: one.members[1], amount: '1.00' }] }, key);
    for (const id of [`batch-${key}`, `batch-e${one.id}-${key}`]) {
      const res = await call(api.app, tokens.one.enterprise_admin, 'GET', `/transfers/${id}`);
      expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect((await call(api.app, tokens.one.enterprise_admin, 'GET', `/transfer-batches/${key}`)).status).toBe(200);
  });
});
