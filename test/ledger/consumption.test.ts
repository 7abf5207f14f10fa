import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as ledger from '../../db/ledger/operations';
import { getAccount, transferBooks } from '../../db/ledger/queries';
import { availableQuota } from './quota-oracle';
import { brokenInvariants } from './invariants';
import { figures, key, ledgerTestDb, makeEnterprise, racingTwins, type Enterprise } from './fixture';

const db = ledgerTestDb();
const actor = 'test';
let ent: Enterprise;
let A: number, B: number, C: number;
const day = 86_400_000;

beforeEach(async () => {
  ent = await makeEnterprise(db, 3);
  [A, B, C] = ent.members as [number, number, number];
});
afterAll(async () => {
  await db.destroy();
});

const outboxFor = (accountId: number, topic: string) =>
  db('outbox').where({ topic }).whereRaw(`(payload->>'accountId')::int = ?`, [accountId]);

describe('consumption', () => {
  it('draws valid coupons, then transfer books oldest first, then own cash, then credit', async () => {
    await ledger.topUp(db, { key: key(), accountId: A, amount: 100_00n, actor });
    await ledger.topUp(db, { key: key(), accountId: B, amount: 100_00n, actor });
    await ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: C, amount: 20_00n, actor });
    await ledger.transfer(db, { key: key(), fromAccountId: B, toAccountId: C, amount: 30_00n, actor });
    await ledger.topUp(db, { key: key(), accountId: C, amount: 40_00n, actor });
    const now = Date.now();
    await ledger.issueCoupon(db, { key: key(), accountId: C, amount: 10_00n, validFrom: new Date(now - day), validTo: new Date(now + day), actor });
    await ledger.issueCoupon(db, { key: key(), accountId: C, amount: 99_00n, validFrom: new Date(now + day), validTo: new Date(now + 2 * day), actor });
    await ledger.consume(db, { key: key(), accountId: C, amount: 25_00n, actor }); // coupon 10, A's book 15
    expect(await transferBooks(db, C)).toEqual([{ sourceAccountId: A, balance: 5_00n }, { sourceAccountId: B, balance: 30_00n }]);
    await ledger.consume(db, { key: key(), accountId: C, amount: 50_00n, actor }); // A 5, B 30, own cash 15
    let c = await getAccount(db, C);
    expect([c.transferBook, c.ownCash, c.monthlyUncleared, c.validCoupons]).toEqual([0n, 25_00n, 0n, 0]);
    await ledger.consume(db, { key: key(), accountId: C, amount: 30_00n, actor }); // own cash 25, credit 5
    c = await getAccount(db, C);
    expect([c.ownCash, c.monthlyUncleared, c.available, c.status]).toEqual([0n, 5_00n, -5_00n, 'stopped']);
    expect(c.couponBalance).toBe(99_00n); // the not-yet-valid coupon is untouched
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('stops the account when available quota reaches 0, tells the outbox, and resumes on top-up', async () => {
    await ledger.topUp(db, { key: key(), accountId: A, amount: 10_00n, actor });
    await ledger.consume(db, { key: key(), accountId: A, amount: 9_99n, actor });
    expect((await figures(db, A)).status).toBe('active');
    await ledger.consume(db, { key: key(), accountId: A, amount: 1n, actor });
    expect((await figures(db, A)).status).toBe('stopped');
    expect(await outboxFor(A, 'account.stopped')).toHaveLength(1);
    await ledger.consume(db, { key: key(), accountId: A, amount: 1n, actor });
    expect(await outboxFor(A, 'account.stopped')).toHaveLength(1); // already stopped: no new event
    await ledger.topUp(db, { key: key(), accountId: A, amount: 5_00n, actor });
    expect((await figures(db, A)).status).toBe('active');
    expect(await outboxFor(A, 'account.resumed')).toHaveLength(1);
  });

  it('a posting that crosses the low-balance threshold writes its alert in the same transaction, and no alert check', async () => {
    await ledger.topUp(db, { key: key(), accountId: A, amount: 10_00n, actor });
    await db('accounts').where({ id: A }).update({ alert_threshold: 5_00, alert_enabled: true });
    const { transactionId } = await ledger.consume(db, { key: key(), accountId: A, amount: 6_00n, actor });
    expect((await outboxFor(A, 'alert.low_balance')).map((r) => [r.dedupe_key, r.payload])).toEqual([
      [`alert:${A}:1`, { accountId: A, enterpriseId: ent.id, available: '400', threshold: '500', stopped: false }],
    ]);
    expect(await db('outbox').where({ dedupe_key: `balance.changed:${transactionId}` })).toEqual([]);
  });

  it('matches the available-quota formula of the design', async () => {
    await ledger.setEnterpriseCredit(db, { key: key(), enterpriseId: ent.id, publicCloud: 1000_00n, hybridCloud: 0n, actor, reason: 't' });
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: 300_00n, actor, reason: 't' });
    await ledger.topUp(db, { key: key(), accountId: A, amount: 50_00n, actor });
    await ledger.topUp(db, { key: key(), accountId: B, amount: 80_00n, actor });
    await ledger.transfer(db, { key: key(), fromAccountId: B, toAccountId: A, amount: 30_00n, actor });
    await ledger.consume(db, { key: key(), accountId: A, amount: 100_00n, actor, period: '2026-10' }); // tb 30, cash 50, credit 20
    await ledger.closeMonth(db, { period: '2026-10', accountId: A, actor });
    await ledger.consume(db, { key: key(), accountId: A, amount: 7_00n, actor, period: '2026-11' });
    await ledger.creditRefund(db, { key: key(), accountId: A, amount: 3_00n, actor });
    await ledger.placeHold(db, { key: key(), purpose: 'transfer', fromAccountId: B, toAccountId: A, amount: 10_00n, actor });
    const a = await getAccount(db, A);
    expect(a).toMatchObject({ creditLimit: 300_00n, creditRefund: 3_00n, monthlyUncleared: 7_00n, historicalUncleared: 20_00n });
    expect(a.available).toBe(availableQuota(a));
    expect(a.available).toBe(0n + 0n + 300_00n + 3_00n - 7_00n - 20_00n);
    const b = await getAccount(db, B);
    expect([b.cashBalance, b.held, b.available]).toEqual([50_00n, 10_00n, 40_00n]);
    expect(b.available).toBe(availableQuota(b));
  });
});

describe('month-end close and repayment', () => {
  it('moves monthly uncleared into historical once per period; repayment clears historical first', async () => {
    await ledger.consume(db, { key: key(), accountId: A, amount: 40_00n, actor, period: '2026-10' });
    const first = await ledger.closeMonth(db, { period: '2026-10', accountId: A, actor });
    const again = await ledger.closeMonth(db, { period: '2026-10', accountId: A, actor });
    expect(again).toEqual({ ...first, replayed: true });
    await ledger.consume(db, { key: key(), accountId: A, amount: 15_00n, actor, period: '2026-11' });
    let a = await figures(db, A);
    expect([a.monthly_uncleared, a.historical_uncleared]).toEqual([15_00n, 40_00n]);
    const err = await ledger.repay(db, { key: key(), accountId: A, amount: 55_01n, actor }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REPAYMENT_EXCEEDS_DEBT', details: { maximum: '5500' } });
    await ledger.repay(db, { key: key(), accountId: A, amount: 45_00n, actor });
    a = await figures(db, A);
    expect([a.monthly_uncleared, a.historical_uncleared]).toEqual([10_00n, 0n]);
    const empty = await ledger.closeMonth(db, { period: '2026-10', accountId: B, actor });
    expect(empty.transactionId).toBeNull();
    await expect(ledger.closeMonth(db, { period: '2026-13', accountId: A, actor })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('concurrent twins of a repayment of the whole debt: one pays, the others replay it', async () => {
    await ledger.consume(db, { key: key(), accountId: A, amount: 30_00n, actor });
    const k = key('twin');
    const twins = await racingTwins(db, A, 4, () => ledger.repay(db, { key: k, accountId: A, amount: 30_00n, actor }));
    expect(twins.filter((t) => !t.replayed)).toHaveLength(1);
    expect(new Set(twins.map((t) => t.transactionId)).size).toBe(1);
    expect((await figures(db, A)).monthly_uncleared).toBe(0n);
  });
});

describe('coupons', () => {
  it('expire returns what is left to the issuer, once', async () => {
    const now = Date.now();
    const coupon = await ledger.issueCoupon(db, { key: key(), accountId: A, amount: 20_00n, validFrom: new Date(now - day), validTo: new Date(now + day), actor });
    await ledger.consume(db, { key: key(), accountId: A, amount: 5_00n, actor });
    await ledger.expireCoupon(db, { couponId: coupon.refId!, actor });
    const again = await ledger.expireCoupon(db, { couponId: coupon.refId!, actor });
    expect(again.replayed).toBe(true);
    const a = await getAccount(db, A);
    expect([a.couponBalance, a.validCoupons, a.monthlyUncleared]).toEqual([0n, 0, 0n]);
    await expect(
      ledger.issueCoupon(db, { key: key(), accountId: A, amount: 1n, validFrom: new Date(now), validTo: new Date(now - 1), actor }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });
});
