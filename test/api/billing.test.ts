import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshId, type TestEnterprise } from '../support';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;
beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 2));
});
afterAll(async () => api?.close());

const post = (path: string, body: unknown, key = freshId('evt')) =>
  call(api.app, tokens.ops, 'POST', path, body, { 'idempotency-key': key });

describe('billing integration (platform ops)', () => {
  it('posts top-ups, usage charges, repayments and credit refunds with the figures after each', async () => {
    const A = ent.members[0]!;
    const top = await post(`/accounts/${A}/top-ups`, { amount: '100.00' });
    expect(top.status).toBe(201);
    expect(top.body.account).toMatchObject({ ownCash: '100.00', available: '100.00' });
    const charge = await post(`/accounts/${A}/charges`, { amount: '130.50' });
    expect(charge.body.account).toMatchObject({ ownCash: '0.00', monthlyUncleared: '30.50', available: '-30.50', status: 'stopped' });
    const repay = await post(`/accounts/${A}/repayments`, { amount: '30.50' });
    expect(repay.body.account).toMatchObject({ monthlyUncleared: '0.00', available: '0.00' });
    const refund = await post(`/accounts/${A}/credit-refunds`, { amount: '5.00' });
    expect(refund.body.account).toMatchObject({ creditRefund: '5.00', available: '5.00', status: 'active' });
    // 30.50 was paid on credit: 25.50 of it may still be refunded, not more.
    const over = await post(`/accounts/${A}/credit-refunds`, { amount: '25.51' });
    expect([over.status, over.body.error.code, over.body.error.details]).toEqual([422, 'CREDIT_REFUND_EXCEEDS_USAGE', expect.objectContaining({ maximum: '25.50' })]);
    expect((await post(`/accounts/${A}/credit-refunds`, { amount: '25.50' })).body.account).toMatchObject({ creditRefund: '30.50' });
  });

  it('a resent billing event returns the first posting and moves nothing', async () => {
    const B = ent.members[1]!;
    const key = freshId('evt');
    const first = await post(`/accounts/${B}/top-ups`, { amount: '10.00' }, key);
    const again = await post(`/accounts/${B}/top-ups`, { amount: '10.00' }, key);
    expect(again.body).toMatchObject({ transactionId: first.body.transactionId, replayed: true, account: { ownCash: '10.00' } });
    const other = await post(`/accounts/${B}/top-ups`, { amount: '11.00' }, key);
    expect([other.status, other.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('issues coupons that usage draws first', async () => {
    const B = ent.members[1]!;
    const now = Date.now();
    const coupon = await post(`/accounts/${B}/coupons`, {
      amount: '3.00', validFrom: new Date(now - 60_000).toISOString(), validTo: new Date(now + 86_400_000).toISOString(),
    });
    expect(coupon.status).toBe(201);
    expect(coupon.body.couponId).toMatch(/^\d+$/);
    expect(coupon.body.account.validCoupons).toBe(1);
    const charge = await post(`/accounts/${B}/charges`, { amount: '2.00' });
    expect(charge.body.account).toMatchObject({ validCoupons: 1 });
    expect(charge.body.account.ownCash).toBe((await call(api.app, tokens.ops, 'GET', `/accounts/${B}`)).body.ownCash);
  });

  it('refuses events without an idempotency key, bad amounts and unknown accounts, changing nothing', async () => {
    const A = ent.members[0]!;
    const before = (await call(api.app, tokens.ops, 'GET', `/accounts/${A}`)).body;
    const noKey = await call(api.app, tokens.ops, 'POST', `/accounts/${A}/top-ups`, { amount: '1.00' });
    expect([noKey.status, noKey.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    for (const amount of ['-1.00', '0', '1.001', '1e3', '']) {
      const res = await post(`/accounts/${A}/top-ups`, { amount });
      expect([res.status, res.body.error.code], amount).toEqual([400, 'INVALID_AMOUNT']);
    }
    const unknown = await post('/accounts/2000000000/top-ups', { amount: '1.00' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
    const admin = await call(api.app, tokens.enterprise_admin, 'POST', `/accounts/${A}/top-ups`, { amount: '1.00' }, { 'idempotency-key': freshId('k') });
    expect([admin.status, admin.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await call(api.app, tokens.ops, 'GET', `/accounts/${A}`)).body).toEqual(before);
  });
});
