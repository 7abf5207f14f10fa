import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { closeAccount, reopenAccount } from '../../db/directory/closing';
import * as ledger from '../../db/ledger/operations';
import { transactionHistory } from '../../db/ledger/history';
import { formatYuan } from '../../domain/money';
import { brokenInvariants } from '../ledger/invariants';
import { figures, key, ledgerTestDb, makeEnterprise, racing, type Enterprise } from '../ledger/fixture';

const db = ledgerTestDb();
const actor = 'test';
let ent: Enterprise;
let A: number, B: number;

beforeEach(async () => {
  ent = await makeEnterprise(db, 2);
  [A, B] = ent.members as [number, number];
});
afterAll(async () => {
  await db.destroy();
});

/** The refusal's list of what is left, as [kind, yuan] pairs. */
async function leftOver(accountId: number): Promise<Array<[string, string]>> {
  const err = await closeAccount(db, accountId, actor).then(() => undefined, (e: unknown) => e);
  expect(err, `closing ${accountId} should be refused`).toMatchObject({ code: 'ACCOUNT_NOT_EMPTY', details: { accountId } });
  expect((await figures(db, accountId)).status).not.toBe('closed');
  const { left } = (err as { details: { left: Array<{ kind: string; amount: string }> } }).details;
  return left.map((l) => [l.kind, formatYuan(BigInt(l.amount))]); // the ledger's figures are fen
}

describe('closing an account (decided by the ledger under the account lock)', () => {
  it('is refused while it holds cash, and allowed once the cash is spent', async () => {
    await ledger.topUp(db, { key: key(), accountId: A, amount: 12_34n, actor });
    const err = await closeAccount(db, A, actor).then(() => undefined, (e: Error) => e);
    expect(err?.message).toBe(`account ${A} cannot be closed while it holds money: cash 12.34 yuan`);
    expect(await leftOver(A)).toEqual([['cash', '12.34']]);
    await ledger.consume(db, { key: key(), accountId: A, amount: 12_34n, actor });
    expect(await closeAccount(db, A, actor)).toBe(true);
    expect((await figures(db, A)).status).toBe('closed');
  });

  it('names a transfer book on the receiver and the withdrawable funds on the sender, until they are consumed', async () => {
    await ledger.topUp(db, { key: key(), accountId: A, amount: 10_00n, actor });
    await ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 10_00n, actor });
    expect(await leftOver(A)).toEqual([['withdrawable_transferred', '10.00']]);
    expect(await leftOver(B)).toEqual([['transfer_book', '10.00']]);
    await ledger.consume(db, { key: key(), accountId: B, amount: 4_00n, actor });
    expect(await leftOver(A)).toEqual([['withdrawable_transferred', '6.00']]);
    await ledger.consume(db, { key: key(), accountId: B, amount: 6_00n, actor });
    expect(await closeAccount(db, A, actor)).toBe(true);
    expect(await closeAccount(db, B, actor)).toBe(true);
  });

  it('names a credit limit, a debt, a credit refund and coupons', async () => {
    await ledger.setEnterpriseCredit(db, { key: key(), enterpriseId: ent.id, publicCloud: 100_00n, hybridCloud: 0n, reason: '', actor });
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: 30_00n, reason: '', actor });
    expect(await leftOver(A)).toEqual([['credit_limit', '30.00']]);
    await ledger.consume(db, { key: key(), accountId: A, amount: 5_00n, actor });
    expect(await leftOver(A)).toEqual([['credit_limit', '30.00'], ['debt', '5.00']]);
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: -30_00n, acceptStop: true, reason: '', actor });
    expect(await leftOver(A)).toEqual([['debt', '5.00']]);
    await ledger.repay(db, { key: key(), accountId: A, amount: 5_00n, actor });

    // A credit refund gives back usage paid on credit (never more): B used 1.50 on credit and repaid it.
    await ledger.consume(db, { key: key(), accountId: B, amount: 1_50n, actor });
    await ledger.repay(db, { key: key(), accountId: B, amount: 1_50n, actor });
    await ledger.creditRefund(db, { key: key(), accountId: B, amount: 1_50n, actor });
    const coupon = await ledger.issueCoupon(db, { key: key(), accountId: B, amount: 2_00n, validFrom: new Date(Date.now() - 1000), validTo: new Date(Date.now() + 86_400_000), actor });
    expect(await leftOver(B)).toEqual([['credit_refund', '1.50'], ['coupons', '2.00']]);
    await ledger.expireCoupon(db, { couponId: coupon.refId!, actor });
    expect(await leftOver(B)).toEqual([['credit_refund', '1.50']]);
    expect(await closeAccount(db, A, actor)).toBe(true);
  });

  it('names pending holds on both accounts of a held transfer, until the hold is voided', async () => {
    await ledger.topUp(db, { key: key(), accountId: A, amount: 10_00n, actor });
    const hold = await ledger.placeHold(db, { key: key(), purpose: 'transfer', fromAccountId: A, toAccountId: B, amount: 4_00n, actor });
    expect(await leftOver(A)).toEqual([['cash', '6.00'], ['pending_holds', '4.00']]);
    expect(await leftOver(B)).toEqual([['pending_holds', '4.00']]);
    await ledger.voidHold(db, { key: key(), holdId: hold.refId!, actor });
    expect(await closeAccount(db, B, actor)).toBe(true);
  });

  it('keeps the history of a closed account, takes no money in or out, and reopens it', async () => {
    await ledger.topUp(db, { key: key(), accountId: A, amount: 1_00n, actor });
    await ledger.consume(db, { key: key(), accountId: A, amount: 1_00n, actor });
    await ledger.topUp(db, { key: key(), accountId: B, amount: 5_00n, actor });
    expect(await closeAccount(db, A, actor)).toBe(true);
    expect(await closeAccount(db, A, actor)).toBe(false); // closing twice changes nothing
    expect((await transactionHistory(db, A, { limit: 10 })).map((e) => e.kind)).toEqual(['consume', 'top_up']);
    await expect(ledger.topUp(db, { key: key(), accountId: A, amount: 1n, actor })).rejects.toMatchObject({ code: 'ACCOUNT_CLOSED' });
    await expect(ledger.transfer(db, { key: key(), fromAccountId: B, toAccountId: A, amount: 1n, actor })).rejects.toMatchObject({ code: 'ACCOUNT_CLOSED' });
    await expect(ledger.consume(db, { key: key(), accountId: A, amount: 1n, actor })).rejects.toMatchObject({ code: 'ACCOUNT_CLOSED' });
    expect(await db('directory_changes').where({ account_id: A }).pluck('action')).toEqual(['account.closed']);

    expect(await reopenAccount(db, A, actor)).toBe(true);
    expect(await reopenAccount(db, A, actor)).toBe(false);
    expect((await figures(db, A)).status).toBe('active');
    await ledger.transfer(db, { key: key(), fromAccountId: B, toAccountId: A, amount: 2_00n, actor });
    expect((await figures(db, A)).transfer_book).toBe(2_00n);
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('never closes the MA account, and does not know a missing one', async () => {
    await expect(closeAccount(db, ent.ma, actor)).rejects.toMatchObject({ code: 'INVALID_STATE', details: { accountId: ent.ma } });
    await expect(closeAccount(db, 2_000_000_000, actor)).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('a close and a transfer into the account, racing, never both succeed', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 12; round++) {
      const e = await makeEnterprise(db, 2);
      const [source, target] = e.members as [number, number];
      await ledger.topUp(db, { key: key(), accountId: source, amount: 50_00n, actor });
      // Alternate which call queues first on the lock: each order is possible, and each must hold.
      const close = () => closeAccount(db, target, actor);
      const send = () => ledger.transfer(db, { key: key(), fromAccountId: source, toAccountId: target, amount: 7_00n, actor });
      const ops = round % 2 === 0 ? [close, send] : [send, close];
      const settled = await racing<unknown>(db, target, ops);
      const [closed, sent] = (round % 2 === 0 ? settled : [...settled].reverse()) as [PromiseSettledResult<unknown>, PromiseSettledResult<unknown>];
      const t = await figures(db, target);
      if (closed.status === 'fulfilled') {
        expect(sent).toMatchObject({ status: 'rejected', reason: { code: 'ACCOUNT_CLOSED' } });
        expect([t.status, t.transfer_book, (await figures(db, source)).own_cash]).toEqual(['closed', 0n, 50_00n]);
        outcomes.add('closed first');
      } else {
        expect(closed).toMatchObject({ status: 'rejected', reason: { code: 'ACCOUNT_NOT_EMPTY', details: { left: [{ kind: 'transfer_book', amount: '700' }] } } });
        expect(sent.status).toBe('fulfilled');
        expect([t.status, t.transfer_book]).toEqual(['active', 7_00n]);
        outcomes.add('transferred first');
      }
      expect(await brokenInvariants(db, [e.id])).toEqual([]);
    }
    // Both orders really happened: the test exercised each side of the race.
    expect([...outcomes].sort()).toEqual(['closed first', 'transferred first']);
  });
});
