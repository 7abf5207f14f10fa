import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { closeMonthBatch, markPeriodClosed } from '../../db/ledger/maintenance';
import * as ledger from '../../db/ledger/operations';
import { unclearedByPeriod } from '../../db/ledger/queries';
import { brokenInvariants } from './invariants';
import { figures, key, ledgerTestDb, makeEnterprise, waitForBlocked, type Enterprise } from './fixture';

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

const charge = (accountId: number, amount: bigint, period: string) => ledger.consume(db, { key: key('use'), accountId, amount, actor, period });

/** The close as the month-end workflow runs it, for one enterprise: mark the period, then walk its accounts in batches of one. */
async function closePeriod(period: string, enterpriseId: number) {
  await markPeriodClosed(db, { period, enterpriseId, actor });
  let afterId: number | null = 0;
  let [moved, amount] = [0, 0n];
  while (afterId !== null) {
    const batch = await closeMonthBatch(db, { period, enterpriseId, afterId, batchSize: 1, actor });
    [moved, amount, afterId] = [moved + batch.moved, amount + batch.amount, batch.nextAfterId];
  }
  return { moved, amount };
}

const debts = (accountId: number) => unclearedByPeriod(db, accountId);

describe('billing periods', () => {
  it('closing a period moves only its uncleared, records the period, and moves nothing the second time', async () => {
    await charge(A, 30_00n, '2026-10');
    await charge(A, 12_00n, '2026-11');
    await charge(B, 5_00n, '2026-10');
    expect(await debts(A)).toEqual([{ period: '2026-10', monthly: 30_00n, historical: 0n }, { period: '2026-11', monthly: 12_00n, historical: 0n }]);

    expect(await closePeriod('2026-10', ent.id)).toEqual({ moved: 2, amount: 35_00n });
    expect(await debts(A)).toEqual([{ period: '2026-10', monthly: 0n, historical: 30_00n }, { period: '2026-11', monthly: 12_00n, historical: 0n }]);
    const a = await figures(db, A);
    expect([a.monthly_uncleared, a.historical_uncleared, a.available]).toEqual([12_00n, 30_00n, -42_00n]);
    const closes = await db('ledger_transactions').where({ kind: 'close_month', enterprise_id: ent.id }).select('request');
    expect(closes.map((t) => t.request).sort((x, y) => x.account - y.account)).toEqual([{ account: A, period: '2026-10' }, { account: B, period: '2026-10' }]);
    expect(await db('billing_period_closes').where({ enterprise_id: ent.id }).select('period')).toEqual([{ period: '2026-10' }]);

    expect(await closePeriod('2026-10', ent.id)).toEqual({ moved: 0, amount: 0n });
    expect(await db('ledger_transactions').where({ kind: 'close_month', enterprise_id: ent.id }).count('* as n').first()).toEqual({ n: 2n });
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('a charge for a closed period goes straight to historical uncleared; one for an open period to monthly', async () => {
    await closePeriod('2026-09', ent.id);
    await charge(A, 7_00n, '2026-09');
    await charge(A, 3_00n, '2026-10');
    expect(await debts(A)).toEqual([{ period: '2026-09', monthly: 0n, historical: 7_00n }, { period: '2026-10', monthly: 3_00n, historical: 0n }]);
    expect(await closePeriod('2026-09', ent.id)).toEqual({ moved: 0, amount: 0n });
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it("closing one enterprise's period leaves every other enterprise's", async () => {
    const other = await makeEnterprise(db, 1);
    const O = other.members[0]!;
    await charge(A, 4_00n, '2026-10');
    await charge(O, 6_00n, '2026-10');
    await closePeriod('2026-10', ent.id);
    expect(await debts(O)).toEqual([{ period: '2026-10', monthly: 6_00n, historical: 0n }]);
    await charge(O, 1_00n, '2026-10'); // the other enterprise's period is still open
    expect(await debts(O)).toEqual([{ period: '2026-10', monthly: 7_00n, historical: 0n }]);
  });

  it('a repayment clears the oldest period first, historical before monthly', async () => {
    await charge(A, 10_00n, '2026-08');
    await charge(A, 20_00n, '2026-09');
    await closePeriod('2026-08', ent.id);
    await charge(A, 5_00n, '2026-08'); // after the close: historical
    await charge(A, 40_00n, '2026-10');
    await ledger.repay(db, { key: key('repay'), accountId: A, amount: 25_00n, actor });
    expect(await debts(A)).toEqual([{ period: '2026-09', monthly: 10_00n, historical: 0n }, { period: '2026-10', monthly: 40_00n, historical: 0n }]);
    await ledger.repay(db, { key: key('repay'), accountId: A, amount: 15_00n, actor });
    expect(await debts(A)).toEqual([{ period: '2026-10', monthly: 35_00n, historical: 0n }]);
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('a charge that started before its period was marked closed, and reached credit after, goes to historical', async () => {
    await charge(A, 1_00n, '2026-07');
    let late: Promise<unknown> = Promise.resolve();
    await db.transaction(async (trx) => {
      await trx.raw('SELECT 1 FROM accounts WHERE id = ? FOR UPDATE', [A]);
      const holder = (await trx.raw('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      late = charge(A, 2_00n, '2026-07'); // waits on the account's lock, past its replay check
      await waitForBlocked(trx, holder, 1);
      await markPeriodClosed(db, { period: '2026-07', enterpriseId: ent.id, actor });
    });
    await late;
    expect(await debts(A)).toEqual([{ period: '2026-07', monthly: 1_00n, historical: 2_00n }]);
    expect(await closePeriod('2026-07', ent.id)).toEqual({ moved: 1, amount: 1_00n });
    expect(await debts(A)).toEqual([{ period: '2026-07', monthly: 0n, historical: 3_00n }]);
  });

  it("a resent charge is the first posting, whatever period the resend names; another amount is another request", async () => {
    const k = key('charge');
    const first = await ledger.consume(db, { key: k, accountId: A, amount: 9_00n, actor, period: '2026-05' });
    const resent = await ledger.consume(db, { key: k, accountId: A, amount: 9_00n, actor, period: '2026-06' });
    expect(resent).toEqual({ ...first, replayed: true });
    expect(await debts(A)).toEqual([{ period: '2026-05', monthly: 9_00n, historical: 0n }]);
    await expect(ledger.consume(db, { key: k, accountId: A, amount: 9_01n, actor, period: '2026-05' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const [row] = await db('ledger_transactions').where({ idempotency_key: k }).pluck('request');
    expect(row).toEqual({ account: A, amount: '900', period: '2026-05' });
  });

  it('refuses a malformed period, naming the field, and changes nothing', async () => {
    for (const period of ['2026-13', '2026-1', '', '2026-11-01']) {
      await expect(charge(A, 1_00n, period)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'period' } });
      await expect(markPeriodClosed(db, { period, enterpriseId: ent.id, actor })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'period' } });
    }
    await expect(markPeriodClosed(db, { period: '2026-10', enterpriseId: 2_000_000_000, actor })).rejects.toMatchObject({ code: 'ENTERPRISE_NOT_FOUND' });
    expect(await debts(A)).toEqual([]);
  });
});
