import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeHold } from '../../db/ledger/operations';
import { accountWithEverything, freshId, type TestEnterprise } from '../support';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;
let c: number;

beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 3));
  c = await accountWithEverything(api.db, ent);
  // A transfer waiting for a second admin holds 30.00 of c's own cash.
  await placeHold(api.db, { key: freshId('hold'), purpose: 'transfer', fromAccountId: c, toAccountId: ent.members[0]!, amount: 30_00n, actor: 'test' });
});
afterAll(async () => api?.close());

const get = (path: string, token = tokens.enterprise_admin) => call(api.app, token, 'GET', path);

describe('what the account details screen reads', () => {
  it('names each transfer-book source with what it may still withdraw', async () => {
    const { body } = await get(`/accounts/${c}`);
    expect(body).toMatchObject({ available: '500.00', ownCash: '50.00', transferBook: '300.00', held: '30.00', monthlyUncleared: '100.00', historicalUncleared: '50.00' });
    expect(body.transferBooks).toEqual([
      { sourceAccountId: ent.members[0], sourceName: `${ent.name} member 1`, balance: '200.00', withdrawable: '200.00' },
      { sourceAccountId: ent.members[1], sourceName: `${ent.name} member 2`, balance: '100.00', withdrawable: '100.00' },
    ]);
  });

  it('lists the valid coupons with their validity', async () => {
    const { status, body } = await get(`/accounts/${c}/coupons`);
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({ amount: '20.00', remaining: '20.00' });
    expect(Date.parse(body[0].validTo)).toBeGreaterThan(Date.now());
  });

  it('gives each transaction its counterparty or outside book, newest first', async () => {
    const { body } = await get(`/accounts/${c}/transactions?limit=50`);
    const kinds = body.items.map((e: { kind: string }) => e.kind);
    expect(kinds[0]).toBe('hold_transfer');
    expect(body.items[0].counterparty).toEqual({ accountId: ent.members[0], name: `${ent.name} member 1` });
    const fromB = body.items.find((e: { kind: string; book: string; sourceAccountId: number }) => e.kind === 'transfer' && e.book === 'transfer_book' && e.sourceAccountId === ent.members[1]);
    expect(fromB).toMatchObject({ amount: '100.00', counterparty: { accountId: ent.members[1], name: `${ent.name} member 2` }, external: null });
    expect(body.items.find((e: { kind: string }) => e.kind === 'top_up')).toMatchObject({ amount: '80.00', counterparty: null, external: 'ext_topup' });
    expect(body.items.find((e: { kind: string }) => e.kind === 'change_member_credit')).toMatchObject({ external: 'credit_available' });
  });

  it("draws the available quota's course, ending at today's figure", async () => {
    const { status, body } = await get(`/accounts/${c}/balance-history?days=30`);
    expect(status).toBe(200);
    const figures = body.points.map((p: { available: string }) => p.available);
    // start, credit +300, two charges, top-up, two transfers in, the hold: the coupon changes no available quota.
    expect(figures).toEqual(['0.00', '300.00', '250.00', '150.00', '230.00', '430.00', '530.00', '500.00']);
    expect(body.points[0].transactionId).toBeNull();
    expect(body.truncated).toBe(false);
    expect((await get(`/accounts/${c}/balance-history?days=0`)).body.error.code).toBe('VALIDATION_FAILED');
    // An account nothing was posted to has one point: where the window starts.
    const quiet = (await get(`/accounts/${ent.ma}/balance-history?days=7`)).body;
    expect(quiet.points).toEqual([{ at: expect.any(String), available: '0.00', transactionId: null }]);
  });

  it('lists alert crossings newest first, recorded by the posting that made them', async () => {
    await api.db('accounts').where({ id: c }).update({ alert_threshold: 600_00n, alert_enabled: true });
    await api.db.raw('SELECT * FROM uam_alert_transitions(?::int[])', [[c]]);
    const { body } = await get(`/accounts/${c}/alert-history`);
    expect(body.items).toEqual([expect.objectContaining({ kind: 'fired', available: '500.00', threshold: '600.00', days: null })]);
  });

  it('shows a member only its own account', async () => {
    expect((await get(`/accounts/${c}/coupons`, tokens.member)).status).toBe(404);
    expect((await get(`/accounts/${c}/balance-history`, tokens.member)).status).toBe(404);
    expect((await get(`/accounts/${c}/alert-history`, tokens.member)).status).toBe(404);
    expect((await get(`/accounts/${ent.members[0]}/balance-history`, tokens.member)).status).toBe(200);
  });
});
