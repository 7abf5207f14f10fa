import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { UamError } from '../../core/errors';
import * as ledger from '../../db/ledger/operations';
import { brokenInvariants } from './invariants';
import { figures, key, ledgerTestDb, makeEnterprise, racingTwins, type Enterprise } from './fixture';

/** A credit refund gives back consumption that had been paid on credit: never more than is not yet refunded. */
const db = ledgerTestDb();
afterAll(() => db.destroy());
const actor = 'test';
let ent: Enterprise;
let A: number;
beforeEach(async () => {
  ent = await makeEnterprise(db, 1);
  A = ent.members[0]!;
});

const refund = (amount: bigint, k = key('refund')) => ledger.creditRefund(db, { key: k, accountId: A, amount, actor });
const refused = (p: Promise<unknown>) => p.then(() => undefined, (e: UamError) => e);

describe('credit refunds', () => {
  it('are refused with nothing paid on credit, and never exceed the credit-paid usage not yet refunded', async () => {
    expect(await refused(refund(1n))).toMatchObject({
      code: 'CREDIT_REFUND_EXCEEDS_USAGE', details: { accountId: A, amount: '1', maximum: '0', limitedBy: 'unrefunded_credit_use' },
    });
    await ledger.topUp(db, { key: key(), accountId: A, amount: 20_00n, actor });
    await ledger.consume(db, { key: key(), accountId: A, amount: 50_00n, actor }); // 20 from own cash, 30 on credit
    await refund(20_00n);
    const over = await refused(refund(10_01n));
    expect(over).toMatchObject({ code: 'CREDIT_REFUND_EXCEEDS_USAGE', details: { maximum: '1000' } });
    expect(over!.message).toBe(`cannot refund 10.01 yuan of credit-paid usage: account ${A} has 10.00 yuan of it not yet refunded`);
    await refund(10_00n);
    expect(await refused(refund(1n))).toMatchObject({ code: 'CREDIT_REFUND_EXCEEDS_USAGE', details: { maximum: '0' } });
    const a = await figures(db, A);
    expect([a.credit_refund, a.credit_used, a.credit_refunded, a.available]).toEqual([30_00n, 30_00n, 30_00n, 0n]);
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('a replayed refund moves nothing and does not count twice; concurrent refunds never pass the bound together', async () => {
    await ledger.consume(db, { key: key(), accountId: A, amount: 10_00n, actor });
    const k = key('refund');
    await refund(6_00n, k);
    expect(await refund(6_00n, k)).toMatchObject({ replayed: true });
    const outcomes = await racingTwins(db, A, 3, () => refund(3_00n).then(() => 'ok', (e: UamError) => e.code));
    expect(outcomes.sort()).toEqual(['CREDIT_REFUND_EXCEEDS_USAGE', 'CREDIT_REFUND_EXCEEDS_USAGE', 'ok']);
    expect((await figures(db, A)).credit_refund).toBe(9_00n);
  });

  it('are bounded by the database itself, whoever writes', async () => {
    await expect(db('accounts').where({ id: A }).update({ credit_refunded: 1 })).rejects.toThrow(/credit_refund_within_credit_use/);
  });
});
