import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeMemberCredit, consume, setEnterpriseCredit, topUp, transfer } from '../../db/ledger/operations';
import { startCreditHarness, type CreditHarness } from '../credit/harness';
import { freshId, type TestEnterprise } from '../support';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

/**
 * Previews through HTTP (the console's panels), and the refusals that repeat their figures: the prompt 422 of
 * POST /transfers and the credit-limit changes, which run through the enterprise's credit workflow.
 */
let h: CreditHarness;
let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;
let A: number, B: number, C: number;

const actor = 'test';
const k = () => freshId('k');

beforeAll(async () => {
  h = await startCreditHarness();
  api = await startTestApi({ temporal: h.env.client, taskQueue: h.deps.taskQueue, db: h.db });
  ({ ent, tokens } = await enterpriseWithTokens(h.db, 3));
  [A, B, C] = ent.members as [number, number, number];
  await topUp(h.db, { key: k(), accountId: A, amount: 50_00n, actor });
  await topUp(h.db, { key: k(), accountId: B, amount: 200_00n, actor });
  await transfer(h.db, { key: k(), fromAccountId: B, toAccountId: A, amount: 70_00n, actor }); // A: 50 own + 70 from B
  await consume(h.db, { key: k(), accountId: A, amount: 0n + 10_00n, actor }); // from B's 70: 60 left
  await setEnterpriseCredit(h.db, { key: k(), enterpriseId: ent.id, publicCloud: 1000_00n, hybridCloud: 0n, actor, reason: 'r' });
  await changeMemberCredit(h.db, { key: k(), accountId: C, delta: 300_00n, actor, reason: 'r' });
  await h.db('enterprises').where({ id: ent.id }).update({ dual_control_threshold: 40_00n });
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const get = (url: string, role: keyof Tokens = 'enterprise_admin') => call(api.app, tokens[role], 'GET', url);
const send = (method: 'POST' | 'PUT', url: string, body: unknown) => call(api.app, tokens.enterprise_admin, method, url, body);
const figures = (body: { maximum: string; limitedBy: string; terms: unknown[] }) => ({ maximum: body.maximum, limitedBy: body.limitedBy, terms: body.terms });

describe('previews', () => {
  it('a transfer: own cash limits, the transfer book is shown, and the amount is judged with its approval', async () => {
    const res = await get(`/transfers/preview?from=${A}&to=${B}&amount=45.00`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: A, to: B, maximum: '50.00', limitedBy: 'own_cash',
      terms: [
        { term: 'own_cash', amount: '50.00', limits: true }, { term: 'available', amount: '110.00', limits: true },
        { term: 'transfer_book', amount: '60.00', limits: false },
      ],
      message: `account ${A} can transfer at most 50.00 yuan to account ${B} (its own cash; the 60.00 yuan in its transfer book cannot be sent on)`,
      amount: '45.00', allowed: true, approval: { threshold: '40.00', required: true },
    });
    const plain = await get(`/transfers/preview?from=${A}&to=${B}`);
    expect([plain.body.amount, plain.body.allowed, plain.body.approval]).toEqual([undefined, undefined, { threshold: '40.00', required: false }]);
    expect((await get(`/transfers/maximum?from=${A}&to=${B}`)).body).toEqual({ from: A, to: B, maximum: '50.00' });
  });

  it('a withdrawal: what is left unconsumed of what the source sent', async () => {
    const res = await get(`/withdrawals/preview?from=${A}&to=${B}&amount=60.01`);
    expect(res.body).toMatchObject({
      from: A, to: B, maximum: '60.00', limitedBy: 'transfer_book_from_source', allowed: false,
      message: `account ${B} can take back at most 60.00 yuan from account ${A} (what is left unconsumed of the funds it transferred)`,
    });
    const none = await get(`/withdrawals/preview?from=${C}&to=${A}`);
    expect(none.body).toMatchObject({ maximum: '0.00', message: `account ${C} holds nothing that account ${A} transferred` });
  });

  it("a member's credit limit, up against the enterprise's credit and down against stopping", async () => {
    const up = await get(`/accounts/${A}/credit-limit/preview?newLimit=800.00`);
    expect(up.body).toMatchObject({
      accountId: A, currentLimit: '0.00', newLimit: '800.00', direction: 'increase', amount: '800.00', allowed: false,
      maximum: '700.00', limitedBy: 'enterprise_available',
      message: `account ${A}'s credit limit can be raised by at most 700.00 yuan (the enterprise's credit not yet assigned to members)`,
    });
    const down = await get(`/accounts/${C}/credit-limit/preview?newLimit=0`);
    expect(down.body).toMatchObject({ direction: 'decrease', maximum: '299.99', limitedBy: 'would_stop', allowed: false });
    const accepted = await get(`/accounts/${C}/credit-limit/preview?newLimit=0&acceptStop=true`);
    expect(accepted.body).toMatchObject({ maximum: '300.00', limitedBy: 'credit_limit', allowed: true });
    const move = await get(`/credit-limit-moves/preview?from=${C}&to=${B}&amount=100`);
    expect(move.body).toMatchObject({ from: C, to: B, maximum: '299.99', limitedBy: 'would_stop', amount: '100.00', allowed: true });
    const ma = await get(`/accounts/${ent.ma}/credit-limit/preview?newLimit=1.00`);
    expect([ma.status, ma.body.error.code]).toEqual([422, 'CREDIT_LIMIT_MEMBERS_ONLY']);
  });

  it('refusals carry the figures of the preview, and say the same in their message', async () => {
    const preview = (await get(`/transfers/preview?from=${A}&to=${B}`)).body;
    const refused = await send('POST', '/transfers', { fromAccountId: A, toAccountId: B, amount: '50.01' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'TRANSFER_EXCEEDS_MAXIMUM', details: { ...figures(preview), amount: '50.01' } });
    expect(refused.body.error.message).toBe(`cannot transfer 50.01 yuan: ${preview.message}`);

    const back = (await get(`/withdrawals/preview?from=${A}&to=${B}`)).body;
    const over = await send('POST', '/withdrawals', { fromAccountId: A, toAccountId: B, amount: '61.00' });
    expect(over.body.error).toMatchObject({ code: 'WITHDRAWAL_EXCEEDS_MAXIMUM', details: figures(back) });

    const raise = (await get(`/accounts/${A}/credit-limit/preview?newLimit=800.00`)).body;
    const tooMuch = await send('PUT', `/accounts/${A}/credit-limit`, { newLimit: '800.00', reason: 'r' });
    expect(tooMuch.body.error).toMatchObject({ code: 'CREDIT_EXCEEDS_AVAILABLE', details: { ...figures(raise), amount: '800.00' } });
    expect(tooMuch.body.error.message).toBe(`cannot raise the credit limit by 800.00 yuan: ${raise.message}`);

    const lower = (await get(`/accounts/${C}/credit-limit/preview?newLimit=0`)).body;
    const stop = await send('PUT', `/accounts/${C}/credit-limit`, { newLimit: '0', reason: 'r' });
    expect(stop.body.error).toMatchObject({ code: 'WOULD_STOP_ACCOUNT', details: figures(lower) });
    const move = (await get(`/credit-limit-moves/preview?from=${C}&to=${B}`)).body;
    const moved = await send('POST', '/credit-limit-moves', { fromAccountId: C, toAccountId: B, amount: '300.00', reason: 'r' });
    expect(moved.body.error).toMatchObject({ code: 'WOULD_STOP_ACCOUNT', details: figures(move) });
    expect((await get(`/accounts/${C}`)).body.creditLimit).toBe('300.00');
  });

  it('is for enterprise admins and staff only, inside their scope, with the amount checked like an order', async () => {
    expect((await get(`/transfers/preview?from=${A}&to=${B}`, 'member')).status).toBe(403);
    expect((await get(`/transfers/preview?from=${A}&to=${B}`, 'ops')).status).toBe(200);
    expect((await get(`/accounts/${A}/credit-limit/preview?newLimit=1`, 'ops')).status).toBe(403);
    const other = await enterpriseWithTokens(h.db, 2);
    const foreign = await get(`/transfers/preview?from=${other.ent.members[0]}&to=${other.ent.members[1]}`);
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
    const same = await get(`/transfers/preview?from=${A}&to=${A}`);
    expect([same.status, same.body.error.code]).toEqual([422, 'SAME_ACCOUNT']);
    for (const amount of ['0', '-1', '1.001', 'abc']) {
      const bad = await get(`/transfers/preview?from=${A}&to=${B}&amount=${amount}`);
      expect([bad.status, bad.body.error.code, bad.body.error.details.field]).toEqual([400, 'INVALID_AMOUNT', 'amount']);
    }
  });
});
