import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { UamError } from '../../core/errors';
import * as ledger from '../../db/ledger/operations';
import { previewCreditChange, previewCreditMove, previewMovement } from '../../db/ledger/previews';
import { limitOf, type Limit } from '../../domain/limits';
import { key, ledgerTestDb, makeEnterprise, threeMembersEach } from './fixture';

/**
 * The ledger's previews: for each guarded operation the maximum, the term that sets it and the figures — and
 * the operation itself refusing with exactly those figures.
 */
const db = ledgerTestDb();
afterAll(() => db.destroy());
const actor = 'test';
const each = threeMembersEach(db);
let A: number, B: number, C: number;
beforeEach(() => ({ A, B, C } = each));

const topUp = (accountId: number, amount: bigint) => ledger.topUp(db, { key: key('top'), accountId, amount, actor });
const consume = (accountId: number, amount: bigint) => ledger.consume(db, { key: key('use'), accountId, amount, actor });
const send = (from: number, to: number, amount: bigint) => ledger.transfer(db, { key: key('t'), fromAccountId: from, toAccountId: to, amount, actor });
const transferLimit = (from: number, to: number, amount?: bigint) => previewMovement(db, { kind: 'transfer', from, to, amount });
const withdrawalLimit = (holder: number, source: number, amount?: bigint) => previewMovement(db, { kind: 'withdrawal', from: holder, to: source, amount });
const figures = (l: Limit) => ({ maximum: l.maximum, limitedBy: l.limitedBy, terms: l.terms.map((t) => [t.term, t.amount, t.limits]) });

/** The refusal an operation raises, with its details read back as a limit. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; limit: Limit; details: Record<string, unknown> }> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UamError);
  const { code, details } = err as UamError;
  return { code, limit: limitOf(details), details };
}

async function withCredit(total: bigint): Promise<void> {
  await ledger.setEnterpriseCredit(db, { key: key('total'), enterpriseId: each.ent.id, publicCloud: total, hybridCloud: 0n, actor, reason: 't' });
}

describe('transfer previews', () => {
  it('own cash limits, and the transfer book it holds is shown but never sent on', async () => {
    await topUp(A, 50_00n);
    await topUp(B, 100_00n);
    await send(B, A, 70_00n);
    const limit = await transferLimit(A, C);
    expect(figures(limit)).toEqual({
      maximum: 50_00n, limitedBy: 'own_cash',
      terms: [['own_cash', 50_00n, true], ['available', 120_00n, true], ['transfer_book', 70_00n, false]],
    });
    const refused = await refusal(send(A, C, 50_01n));
    expect([refused.code, figures(refused.limit)]).toEqual(['TRANSFER_EXCEEDS_MAXIMUM', figures(limit)]);
    expect(refused.details).toMatchObject({ kind: 'transfer', from: A, to: C, amount: '5001' });
  });

  it('available quota limits when debt outweighs own cash', async () => {
    await consume(A, 10_00n); // 10 on credit (monthly uncleared)
    await topUp(A, 30_00n); // own cash 30, available 20
    const limit = await transferLimit(A, B, 20_01n);
    expect([limit.maximum, limit.limitedBy, limit.amount, limit.allowed]).toEqual([20_00n, 'available', 20_01n, false]);
    expect((await transferLimit(A, B, 20_00n)).allowed).toBe(true);
    expect(figures((await refusal(send(A, B, 20_01n))).limit)).toEqual(figures(limit));
  });

  it('refuses what the operation refuses for the accounts themselves', async () => {
    const other = await makeEnterprise(db, 1);
    const codes = await Promise.all([
      transferLimit(A, A), transferLimit(A, other.members[0]!), transferLimit(A, 2_000_000_000), transferLimit(A, B, 0n),
    ].map((p) => p.then(() => 'ok', (e: UamError) => e.code)));
    expect(codes).toEqual(['SAME_ACCOUNT', 'CROSS_ENTERPRISE', 'ACCOUNT_NOT_FOUND', 'INVALID_AMOUNT']);
    await db('accounts').where({ id: C }).update({ status: 'closed' });
    expect(await transferLimit(A, C).catch((e: UamError) => e.code)).toBe('ACCOUNT_CLOSED');
  });
});

describe('withdrawal previews', () => {
  beforeEach(async () => {
    await topUp(A, 200_00n);
  });

  it('what the source sent and has not taken back limits when nothing was consumed', async () => {
    await send(A, B, 100_00n);
    await ledger.withdraw(db, { key: key('w'), holderAccountId: B, sourceAccountId: A, amount: 30_00n, actor });
    const limit = await withdrawalLimit(B, A);
    expect(figures(limit)).toEqual({
      maximum: 70_00n, limitedBy: 'unwithdrawn',
      terms: [['unwithdrawn', 70_00n, true], ['transfer_book_from_source', 70_00n, true], ['available', 70_00n, true]],
    });
    const refused = await refusal(ledger.withdraw(db, { key: key('w'), holderAccountId: B, sourceAccountId: A, amount: 70_01n, actor }));
    expect([refused.code, figures(refused.limit)]).toEqual(['WITHDRAWAL_EXCEEDS_MAXIMUM', figures(limit)]);
  });

  it('the transfer book from this source limits once the holder consumed some of it', async () => {
    await send(A, B, 100_00n);
    await consume(B, 40_00n);
    expect(figures(await withdrawalLimit(B, A))).toEqual({
      maximum: 60_00n, limitedBy: 'transfer_book_from_source',
      terms: [['unwithdrawn', 100_00n, true], ['transfer_book_from_source', 60_00n, true], ['available', 60_00n, true]],
    });
  });

  it("the holder's available quota limits when it owes more than its other funds", async () => {
    await consume(B, 50_00n); // B owes 50
    await send(A, B, 100_00n);
    const limit = await withdrawalLimit(B, A);
    expect([limit.maximum, limit.limitedBy]).toEqual([50_00n, 'available']);
  });

  it('nothing, when the holder holds nothing the source sent', async () => {
    await topUp(C, 80_00n);
    await send(A, B, 10_00n);
    const limit = await withdrawalLimit(C, A, 1n);
    expect([limit.maximum, limit.limitedBy, limit.allowed]).toEqual([0n, 'unwithdrawn', false]);
    expect((await withdrawalLimit(B, C)).maximum).toBe(0n); // C never sent B anything
  });
});

describe('credit limit previews', () => {
  beforeEach(async () => {
    await withCredit(1000_00n);
    await ledger.changeMemberCredit(db, { key: key('c'), accountId: A, delta: 300_00n, actor, reason: 't' });
  });

  it("raising is limited by the enterprise's credit not yet assigned", async () => {
    const limit = await previewCreditChange(db, { accountId: B, newLimit: 800_00n });
    expect([limit.direction, limit.currentLimit, limit.newLimit, limit.amount, limit.allowed]).toEqual(['increase', 0n, 800_00n, 800_00n, false]);
    expect(figures(limit)).toEqual({ maximum: 700_00n, limitedBy: 'enterprise_available', terms: [['enterprise_available', 700_00n, true]] });
    const refused = await refusal(ledger.changeMemberCredit(db, { key: key('c'), accountId: B, delta: 800_00n, actor, reason: 't' }));
    expect([refused.code, figures(refused.limit)]).toEqual(['CREDIT_EXCEEDS_AVAILABLE', figures(limit)]);
  });

  it('lowering stops short of stopping the account, unless the caller accepts it', async () => {
    const limit = await previewCreditChange(db, { accountId: A, newLimit: 0n });
    expect([limit.direction, limit.amount, limit.allowed]).toEqual(['decrease', 300_00n, false]);
    expect(figures(limit)).toEqual({
      maximum: 299_99n, limitedBy: 'would_stop', terms: [['credit_limit', 300_00n, true], ['would_stop', 299_99n, true]],
    });
    const refused = await refusal(ledger.changeMemberCredit(db, { key: key('c'), accountId: A, delta: -300_00n, actor, reason: 't' }));
    expect([refused.code, figures(refused.limit)]).toEqual(['WOULD_STOP_ACCOUNT', figures(limit)]);
    const accepted = await previewCreditChange(db, { accountId: A, newLimit: 0n, acceptStop: true });
    expect([accepted.maximum, accepted.limitedBy, accepted.allowed]).toEqual([300_00n, 'credit_limit', true]);
    const beyond = await refusal(ledger.changeMemberCredit(db, { key: key('c'), accountId: A, delta: -300_01n, acceptStop: true, actor, reason: 't' }));
    expect([beyond.code, figures(beyond.limit)]).toEqual(['CREDIT_DECREASE_EXCEEDS_LIMIT', figures(accepted)]);
  });

  it('a move is limited like a decrease of its source', async () => {
    const limit = await previewCreditMove(db, { from: A, to: B, amount: 300_00n });
    expect([limit.maximum, limit.limitedBy, limit.allowed]).toEqual([299_99n, 'would_stop', false]);
    const refused = await refusal(ledger.moveMemberCredit(db, { key: key('m'), fromAccountId: A, toAccountId: B, amount: 300_00n, actor, reason: 't' }));
    expect([refused.code, figures(refused.limit)]).toEqual(['WOULD_STOP_ACCOUNT', figures(limit)]);
    expect((await previewCreditMove(db, { from: B, to: A })).maximum).toBe(0n);
  });

  it('gives the MA account no credit limit: neither raised nor moved to it', async () => {
    expect(await previewCreditChange(db, { accountId: each.ent.ma, newLimit: 1n }).catch((e: UamError) => e.code)).toBe('CREDIT_LIMIT_MEMBERS_ONLY');
    expect(await previewCreditMove(db, { from: A, to: each.ent.ma }).catch((e: UamError) => e.code)).toBe('CREDIT_LIMIT_MEMBERS_ONLY');
    const raise = await ledger.changeMemberCredit(db, { key: key('c'), accountId: each.ent.ma, delta: 1n, actor, reason: 't' }).catch((e: UamError) => e);
    expect(raise).toMatchObject({ code: 'CREDIT_LIMIT_MEMBERS_ONLY', details: { accountId: each.ent.ma } });
    const move = await ledger.moveMemberCredit(db, { key: key('m'), fromAccountId: A, toAccountId: each.ent.ma, amount: 1n, actor, reason: 't' }).catch((e: UamError) => e);
    expect(move).toMatchObject({ code: 'CREDIT_LIMIT_MEMBERS_ONLY' });
    expect((await db('accounts').where({ id: each.ent.ma }).first('credit_limit')).credit_limit).toBe(0n);
  });
});
