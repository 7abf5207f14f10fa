import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as ledger from '../../db/ledger/operations';
import { previewMovement } from '../../db/ledger/previews';
import { transferBooks } from '../../db/ledger/queries';
import { brokenInvariants } from './invariants';
import { figures, key, ledgerTestDb, makeEnterprise, racingTwins, type Enterprise } from './fixture';

const db = ledgerTestDb();
const actor = 'test';
let ent: Enterprise;
let A: number, B: number, C: number;

beforeEach(async () => {
  ent = await makeEnterprise(db, 3);
  [A, B, C] = ent.members as [number, number, number];
  await ledger.topUp(db, { key: key('top'), accountId: A, amount: 100_00n, actor });
});
afterAll(async () => {
  await db.destroy();
});

/** The ledger's preview maximum: what A may transfer (to an account not involved), or holder B return to source A. */
const maxTransferable = async (_db: unknown, from: number) => (await previewMovement(db, { kind: 'transfer', from, to: from === C ? A : C })).maximum;
const maxWithdrawable = async (_db: unknown, holder: number, source: number) =>
  (await previewMovement(db, { kind: 'withdrawal', from: holder, to: source })).maximum;

async function rejects(promise: Promise<unknown>, code: string): Promise<Record<string, unknown>> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err, `expected ${code}`).toMatchObject({ code });
  return (err as { details: Record<string, unknown> }).details;
}

describe('transfer and withdrawal (the seed examples)', () => {
  it('after A transfers 100 to B and B consumes 30, A can withdraw at most 70', async () => {
    await ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 100_00n, actor });
    await ledger.consume(db, { key: key(), accountId: B, amount: 30_00n, actor });
    expect(await maxWithdrawable(db, B, A)).toBe(70_00n);
    const details = await rejects(
      ledger.withdraw(db, { key: key(), holderAccountId: B, sourceAccountId: A, amount: 70_01n, actor }),
      'WITHDRAWAL_EXCEEDS_MAXIMUM',
    );
    expect(details.maximum).toBe('7000');
    await ledger.withdraw(db, { key: key(), holderAccountId: B, sourceAccountId: A, amount: 70_00n, actor });
    expect((await figures(db, A)).own_cash).toBe(70_00n);
    expect((await figures(db, B)).transfer_book).toBe(0n);
    expect(await maxWithdrawable(db, B, A)).toBe(0n);
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('money lands in B’s transfer book under source A, never in its own cash', async () => {
    await ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 40_00n, actor });
    const b = await figures(db, B);
    expect([b.own_cash, b.transfer_book, b.available]).toEqual([0n, 40_00n, 40_00n]);
    expect(await transferBooks(db, B)).toEqual([{ sourceAccountId: A, balance: 40_00n }]);
    expect((await figures(db, A)).own_cash).toBe(60_00n);
  });

  it('funds received by transfer are never transferred again', async () => {
    await ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 50_00n, actor });
    expect(await maxTransferable(db, B)).toBe(0n);
    const details = await rejects(
      ledger.transfer(db, { key: key(), fromAccountId: B, toAccountId: C, amount: 1n, actor }),
      'TRANSFER_EXCEEDS_MAXIMUM',
    );
    expect(details.maximum).toBe('0');
    expect((await figures(db, C)).transfer_book).toBe(0n);
  });

  it('B can never withdraw its own top-ups, and only the source can withdraw', async () => {
    await ledger.topUp(db, { key: key(), accountId: B, amount: 500_00n, actor });
    expect(await maxWithdrawable(db, B, A)).toBe(0n);
    await rejects(ledger.withdraw(db, { key: key(), holderAccountId: B, sourceAccountId: A, amount: 1n, actor }), 'WITHDRAWAL_EXCEEDS_MAXIMUM');
    await ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 10_00n, actor });
    // C never sent B anything, so C cannot take A's funds (or B's own) out of B.
    await rejects(ledger.withdraw(db, { key: key(), holderAccountId: B, sourceAccountId: C, amount: 1n, actor }), 'WITHDRAWAL_EXCEEDS_MAXIMUM');
    expect((await figures(db, B)).own_cash).toBe(500_00n);
  });

  it('transfer is capped by available quota as well as own cash', async () => {
    await ledger.consume(db, { key: key(), accountId: A, amount: 100_00n, actor }); // own cash now 0
    await ledger.topUp(db, { key: key(), accountId: A, amount: 50_00n, actor });
    await ledger.consume(db, { key: key(), accountId: A, amount: 60_00n, actor }); // 50 cash + 10 on credit
    await ledger.topUp(db, { key: key(), accountId: A, amount: 30_00n, actor });
    // own cash 30, but available = 30 - 10 uncleared = 20
    expect(await maxTransferable(db, A)).toBe(20_00n);
    await rejects(ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 20_01n, actor }), 'TRANSFER_EXCEEDS_MAXIMUM');
  });

  it('refuses A→A, other enterprises, unknown accounts and bad amounts, changing nothing', async () => {
    const other = await makeEnterprise(db, 1);
    await rejects(ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: A, amount: 1n, actor }), 'SAME_ACCOUNT');
    await rejects(ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: other.members[0]!, amount: 1n, actor }), 'CROSS_ENTERPRISE');
    await rejects(ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: 2_000_000_000, amount: 1n, actor }), 'ACCOUNT_NOT_FOUND');
    await rejects(ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 0n, actor }), 'INVALID_AMOUNT');
    await rejects(ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: -5n, actor }), 'INVALID_AMOUNT');
    await rejects(ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 10n ** 17n, actor }), 'INVALID_AMOUNT');
    await db('accounts').where({ id: C }).update({ status: 'closed' });
    await rejects(ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: C, amount: 1n, actor }), 'ACCOUNT_CLOSED');
    expect((await figures(db, A)).own_cash).toBe(100_00n);
    const moved = await db('ledger_transactions').where({ enterprise_id: ent.id }).count<{ count: bigint }[]>('* as count');
    expect(moved[0]!.count).toBe(1n); // only the initial top-up
  });

  it('a replayed key returns the first result and moves nothing; a reused key with other terms is refused', async () => {
    const k = key();
    const first = await ledger.transfer(db, { key: k, fromAccountId: A, toAccountId: B, amount: 10_00n, actor });
    const again = await ledger.transfer(db, { key: k, fromAccountId: A, toAccountId: B, amount: 10_00n, actor });
    expect(again).toEqual({ ...first, replayed: true });
    expect((await figures(db, A)).own_cash).toBe(90_00n);
    await rejects(ledger.transfer(db, { key: k, fromAccountId: A, toAccountId: B, amount: 11_00n, actor }), 'IDEMPOTENCY_KEY_REUSED');
  });

  it('concurrent twins of a transfer of all A’s cash: one moves it, the others replay it instead of being refused', async () => {
    const k = key('twin');
    const twins = await racingTwins(db, A, 4, () => ledger.transfer(db, { key: k, fromAccountId: A, toAccountId: B, amount: 100_00n, actor }));
    expect(twins.filter((t) => !t.replayed)).toHaveLength(1);
    expect(new Set(twins.map((t) => t.transactionId)).size).toBe(1);
    expect([(await figures(db, A)).own_cash, (await figures(db, B)).transfer_book]).toEqual([0n, 100_00n]);
  });
});

describe('a transfer unless a second admin must approve it (the workflow\'s one call)', () => {
  const threshold = (value: bigint | null) => db('enterprises').where({ id: ent.id }).update({ dual_control_threshold: value });
  const move = (k: string, amount: bigint, purpose: 'transfer' | 'withdrawal' = 'transfer') =>
    ledger.transferUnlessApproval(db, { key: k, holdKey: `${k}:hold`, purpose, fromAccountId: A, toAccountId: B, amount, actor });

  it('posts below the threshold (or with none), exactly as a transfer, and replays its key', async () => {
    const k = key();
    const first = await move(k, 10_00n);
    expect(first).toMatchObject({ replayed: false, threshold: null });
    await threshold(10_00n); // a retry of the same request after the threshold changed is still its replay
    expect(await move(k, 10_00n)).toEqual({ transactionId: first.transactionId, replayed: true, threshold: 10_00n });
    expect(await move(key(), 9_99n)).toMatchObject({ replayed: false, threshold: 10_00n });
    expect([(await figures(db, A)).own_cash, (await figures(db, B)).transfer_book]).toEqual([80_01n, 19_99n]);
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('at or above the threshold moves nothing, and refuses what the hold would refuse', async () => {
    await threshold(10_00n);
    expect(await move(key(), 10_00n)).toEqual({ transactionId: null, replayed: false, threshold: 10_00n });
    const details = await rejects(move(key(), 100_01n), 'TRANSFER_EXCEEDS_MAXIMUM');
    expect(details).toEqual(await rejects(ledger.placeHold(db, { key: key(), purpose: 'transfer', fromAccountId: A, toAccountId: B, amount: 100_01n, actor }), 'TRANSFER_EXCEEDS_MAXIMUM'));
    await rejects(move(key(), 10_00n, 'withdrawal'), 'WITHDRAWAL_EXCEEDS_MAXIMUM');
    expect((await figures(db, A)).own_cash).toBe(100_00n);
    expect(await db('ledger_transactions').where({ enterprise_id: ent.id }).count<{ count: bigint }[]>('* as count')).toEqual([{ count: 1n }]);
  });

  it('once the movement\'s hold exists, stays on the hold path without judging the held funds again', async () => {
    await threshold(10_00n);
    const k = key();
    await ledger.placeHold(db, { key: `${k}:hold`, purpose: 'transfer', fromAccountId: A, toAccountId: B, amount: 80_00n, actor });
    expect(await move(k, 80_00n)).toEqual({ transactionId: null, replayed: false, threshold: 10_00n });
    await threshold(null); // even when the threshold is gone meanwhile: the hold is posted or voided, never a second way
    expect(await move(k, 80_00n)).toEqual({ transactionId: null, replayed: false, threshold: null });
    expect([(await figures(db, A)).own_cash, (await figures(db, B)).transfer_book]).toEqual([20_00n, 0n]);
  });
});

describe('holds', () => {
  it('reserve funds, then post exactly once', async () => {
    const hold = await ledger.placeHold(db, { key: key(), purpose: 'transfer', fromAccountId: A, toAccountId: B, amount: 30_00n, actor });
    const a = await figures(db, A);
    expect([a.own_cash, a.held, a.available]).toEqual([70_00n, 30_00n, 70_00n]);
    expect(await maxTransferable(db, A)).toBe(70_00n);
    const postKey = key();
    await ledger.postHold(db, { key: postKey, holdId: hold.refId!, actor });
    expect((await ledger.postHold(db, { key: postKey, holdId: hold.refId!, actor })).replayed).toBe(true);
    await rejects(ledger.postHold(db, { key: key(), holdId: hold.refId!, actor }), 'HOLD_NOT_PENDING');
    await rejects(ledger.voidHold(db, { key: key(), holdId: hold.refId!, actor }), 'HOLD_NOT_PENDING');
    expect((await figures(db, A)).held).toBe(0n);
    expect((await figures(db, B)).transfer_book).toBe(30_00n);
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('concurrent twins of a post (a retried step racing its first attempt) post once and replay', async () => {
    const hold = await ledger.placeHold(db, { key: key(), purpose: 'transfer', fromAccountId: A, toAccountId: B, amount: 30_00n, actor });
    const postKey = key('twin');
    const twins = await racingTwins(db, A, 3, () => ledger.postHold(db, { key: postKey, holdId: hold.refId!, actor }));
    expect(twins.filter((t) => !t.replayed)).toHaveLength(1);
    expect(new Set(twins.map((t) => t.transactionId)).size).toBe(1);
    expect((await figures(db, B)).transfer_book).toBe(30_00n);
  });

  it('void returns the funds where they came from', async () => {
    await ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 50_00n, actor });
    const hold = await ledger.placeHold(db, { key: key(), purpose: 'withdrawal', fromAccountId: B, toAccountId: A, amount: 20_00n, actor });
    expect(await maxWithdrawable(db, B, A)).toBe(30_00n);
    await ledger.voidHold(db, { key: key(), holdId: hold.refId!, actor });
    expect((await figures(db, B)).transfer_book).toBe(50_00n);
    expect(await maxWithdrawable(db, B, A)).toBe(50_00n);
    await rejects(ledger.postHold(db, { key: key(), holdId: hold.refId!, actor }), 'HOLD_NOT_PENDING');
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('post re-checks the holder: a hold cannot post once consumption took its quota below zero', async () => {
    const hold = await ledger.placeHold(db, { key: key(), purpose: 'transfer', fromAccountId: A, toAccountId: B, amount: 100_00n, actor });
    await ledger.consume(db, { key: key(), accountId: A, amount: 5_00n, actor });
    await rejects(ledger.postHold(db, { key: key(), holdId: hold.refId!, actor }), 'INSUFFICIENT_FUNDS');
    await ledger.voidHold(db, { key: key(), holdId: hold.refId!, actor });
    const a = await figures(db, A); // the charge went on credit while the cash was held
    expect([a.own_cash, a.monthly_uncleared, a.available, a.status]).toEqual([100_00n, 5_00n, 95_00n, 'active']);
    await rejects(ledger.postHold(db, { key: key(), holdId: 9_999_999_999n, actor }), 'HOLD_NOT_FOUND');
  });
});
