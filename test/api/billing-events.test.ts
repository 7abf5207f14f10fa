import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenInvariants } from '../ledger/invariants';
import { freshId, type TestEnterprise } from '../support';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;
beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 3));
});
afterAll(async () => api?.close());

const post = (events: object[], token = tokens.ops) => call(api.app, token, 'POST', '/billing/events', { events });
const account = async (id: number) => (await call(api.app, tokens.ops, 'GET', `/accounts/${id}`)).body;
const day = 86_400_000;

describe('billing events in bulk', () => {
  it('posts mixed kinds in one request, each answered on its own, with the figures as if posted one by one', async () => {
    const [A, B] = ent.members as [number, number];
    const now = Date.now();
    const res = await post([
      { eventId: freshId('e'), kind: 'top-up', accountId: A, amount: '100.00' },
      { eventId: freshId('e'), kind: 'coupon', accountId: B, amount: '5.00', validFrom: new Date(now - day).toISOString(), validTo: new Date(now + day).toISOString() },
      { eventId: freshId('e'), kind: 'charge', accountId: A, amount: '130.00', period: '2025-09' },
      { eventId: freshId('e'), kind: 'charge', accountId: B, amount: '8.00', period: '2025-09' },
      { eventId: freshId('e'), kind: 'repayment', accountId: A, amount: '10.00' },
      { eventId: freshId('e'), kind: 'credit-refund', accountId: A, amount: '4.00' },
    ]);
    expect(res.status).toBe(200);
    expect([res.body.posted, res.body.replayed, res.body.refused]).toEqual([6, 0, 0]);
    expect(res.body.events.map((e: { index: number; status: string }) => [e.index, e.status])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, 'posted']));
    expect(res.body.events[1].couponId).toMatch(/^\d+$/);
    expect(await account(A)).toMatchObject({ ownCash: '0.00', monthlyUncleared: '20.00', creditRefund: '4.00' });
    expect(await account(B)).toMatchObject({ monthlyUncleared: '3.00', validCoupons: 0 });
    expect(await brokenInvariants(api.db, [ent.id])).toEqual([]);
  });

  it('replays an event repeated inside a batch, across batches, and one first posted alone — moving nothing twice', async () => {
    const C = ent.members[2]!;
    const single = freshId('single');
    await call(api.app, tokens.ops, 'POST', `/accounts/${C}/top-ups`, { amount: '1.00' }, { 'idempotency-key': single });
    const batch = [
      { eventId: 'twice-' + single, kind: 'top-up', accountId: C, amount: '2.00' },
      { eventId: 'twice-' + single, kind: 'top-up', accountId: C, amount: '2.00' },
      { eventId: single, kind: 'top-up', accountId: C, amount: '1.00' },
    ];
    const first = await post(batch);
    expect(first.body.events.map((e: { status: string }) => e.status)).toEqual(['posted', 'replayed', 'replayed']);
    expect(first.body.events[1].transactionId).toBe(first.body.events[0].transactionId);
    const again = await post(batch);
    expect([again.body.posted, again.body.replayed]).toEqual([0, 3]);
    expect((await account(C)).ownCash).toBe('3.00');
  });

  it('refuses a bad event with its code and index, and posts the others', async () => {
    const [A, B] = ent.members as [number, number];
    const before = await account(B);
    const res = await post([
      { eventId: freshId('e'), kind: 'top-up', accountId: B, amount: '1.00' },
      { eventId: freshId('e'), kind: 'repayment', accountId: B, amount: '999.00' },
      { eventId: freshId('e'), kind: 'top-up', accountId: 2_000_000_000, amount: '1.00' },
      { eventId: freshId('e'), kind: 'top-up', accountId: A, amount: '1.001' },
      { eventId: freshId('e'), kind: 'charge', accountId: A, amount: '1.00', period: '2025-13' },
      { eventId: freshId('e'), kind: 'top-up', accountId: B, amount: '2.00' },
    ]);
    expect([res.status, res.body.posted, res.body.refused]).toEqual([200, 2, 4]);
    expect(res.body.events.map((e: { status: string; error: { code: string } | null }) => e.error?.code ?? e.status)).toEqual([
      'posted', 'REPAYMENT_EXCEEDS_DEBT', 'ACCOUNT_NOT_FOUND', 'INVALID_AMOUNT', 'VALIDATION_FAILED', 'posted',
    ]);
    expect(res.body.events[1].error.details).toMatchObject({ maximum: before.monthlyUncleared });
    expect(res.body.events[4].error.details.field).toBe('period');
    expect((await account(B)).ownCash).toBe((BigInt(before.ownCash.replace('.', '')) + 300n).toString().replace(/(\d\d)$/, '.$1'));
  });

  it('posts 1,000 events in one request', async () => {
    const members = ent.members;
    const before = await Promise.all(members.map(account));
    const events = Array.from({ length: 1000 }, (_, i) => ({ eventId: freshId(`k${i}`), kind: 'top-up', accountId: members[i % members.length]!, amount: '0.01' }));
    const res = await post(events);
    expect([res.status, res.body.posted, res.body.events.length]).toEqual([200, 1000, 1000]);
    const after = await Promise.all(members.map(account));
    const cents = (v: string) => BigInt(v.replace('.', ''));
    expect(after.map((a, i) => cents(a.ownCash) - cents(before[i].ownCash))).toEqual([334n, 333n, 333n]);
    expect(await brokenInvariants(api.db, [ent.id])).toEqual([]);
  });

  it('posts set-wise the charges and top-ups of accounts with nothing else in the batch, under the keys a single posting uses', async () => {
    const { ent: other, tokens: theirs } = await enterpriseWithTokens(api.db, 3);
    const [D, E, F] = other.members as [number, number, number];
    expect((await call(api.app, theirs.enterprise_admin, 'PUT', `/accounts/${E}/alert`, { threshold: '5.00' })).status).toBe(200);
    expect((await call(api.app, tokens.ops, 'POST', `/accounts/${E}/top-ups`, { amount: '8.00' }, { 'idempotency-key': freshId('t') })).status).toBe(201);
    const id = (label: string) => freshId(label);
    const events = [
      { eventId: id('c'), kind: 'charge', accountId: D, amount: '10.00', period: '2025-11' },
      { eventId: id('c'), kind: 'charge', accountId: D, amount: '15.00', period: '2025-11' },
      { eventId: id('c'), kind: 'charge', accountId: E, amount: '2.00', period: '2025-11' },
      { eventId: id('c'), kind: 'charge', accountId: E, amount: '2.00', period: '2025-11' },
      { eventId: id('c'), kind: 'charge', accountId: F, amount: '3.00', period: '2025-11' },
      { eventId: id('t'), kind: 'top-up', accountId: F, amount: '5.00' },
    ];
    const res = await post(events);
    expect(res.body.events.map((e: { status: string }) => e.status)).toEqual(Array(6).fill('posted'));
    // D's and E's charges go set-wise (all of one kind: their available quota moves one way, each threshold is
    // crossed at most once): D stopped once, E's alert (8 → 6 → 4 against 5) fired once. F's charge and top-up
    // (below 0, then back above) go one by one, so each crossing is told: stopped, then resumed.
    expect(await account(D)).toMatchObject({ ownCash: '0.00', monthlyUncleared: '25.00', status: 'stopped' });
    expect(await account(E)).toMatchObject({ ownCash: '4.00', status: 'active', alertStatus: 'fired' });
    expect(await account(F)).toMatchObject({ ownCash: '5.00', monthlyUncleared: '3.00', status: 'active' });
    const told = await api.db('outbox').whereIn('topic', ['alert.low_balance', 'account.stopped', 'account.resumed'])
      .whereRaw("(payload->>'enterpriseId')::int = ?", [other.id]).orderBy(['topic', 'id'])
      .select('topic', api.db.raw("payload->>'accountId' AS account"));
    expect(told).toEqual([
      { topic: 'account.resumed', account: String(F) },
      { topic: 'account.stopped', account: String(D) },
      { topic: 'account.stopped', account: String(F) },
      { topic: 'alert.low_balance', account: String(E) },
    ]);
    expect(await brokenInvariants(api.db, [other.id])).toEqual([]);

    // Posted again, alone or in a batch, each is the same event: replayed under its first transaction, nothing moves.
    const alone = await call(api.app, tokens.ops, 'POST', `/accounts/${D}/charges`, { amount: '15.00', period: '2025-11' }, { 'idempotency-key': events[1]!.eventId });
    expect(alone.body).toMatchObject({ transactionId: res.body.events[1].transactionId, replayed: true });
    const charge = await call(api.app, tokens.ops, 'POST', `/accounts/${E}/charges`, { amount: '2.00', period: '2025-11' }, { 'idempotency-key': events[2]!.eventId });
    expect(charge.body).toMatchObject({ transactionId: res.body.events[2].transactionId, replayed: true });
    const again = await post(events);
    expect([again.body.posted, again.body.replayed]).toEqual([0, 6]);
    expect(again.body.events.map((e: { transactionId: string }) => e.transactionId)).toEqual(res.body.events.map((e: { transactionId: string }) => e.transactionId));
    expect(await account(D)).toMatchObject({ ownCash: '0.00', monthlyUncleared: '25.00' });

    // One event id on two accounts in one batch: the first account's is posted, the other's refused as a reused key.
    const shared = id('shared');
    const twice = await post([
      { eventId: shared, kind: 'top-up', accountId: F, amount: '1.00' },
      { eventId: shared, kind: 'top-up', accountId: E, amount: '1.00' },
    ]);
    expect(twice.body.events.map((e: { status: string; error: { code: string } | null }) => e.error?.code ?? e.status))
      .toEqual([E < F ? 'IDEMPOTENCY_KEY_REUSED' : 'posted', E < F ? 'posted' : 'IDEMPOTENCY_KEY_REUSED']);
    expect(await brokenInvariants(api.db, [other.id])).toEqual([]);
  });

  it('refuses a malformed item naming its index, more than 1,000 events, and anyone but ops — changing nothing', async () => {
    const A = ent.members[0]!;
    const before = await account(A);
    const good = { eventId: freshId('e'), kind: 'top-up', accountId: A, amount: '1.00' };
    const bad = await post([good, good, { ...good, eventId: freshId('e'), kind: 'gift' }]);
    expect([bad.status, bad.body.error.code, bad.body.error.details.field]).toEqual([400, 'VALIDATION_FAILED', 'events[2].kind']);
    const missing = await post([good, { kind: 'top-up', accountId: A, amount: '1.00' }]);
    expect(missing.body.error.details.field).toBe('events[1].eventId');
    const many = await post(Array.from({ length: 1001 }, (_, i) => ({ ...good, eventId: `m${i}` })));
    expect([many.status, many.body.error.details.field]).toEqual([400, 'events']);
    expect((await post([good], tokens.enterprise_admin)).status).toBe(403);
    expect(await account(A)).toEqual(before);
  });
});
