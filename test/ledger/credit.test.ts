import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as ledger from '../../db/ledger/operations';
import { enterpriseCredit } from '../../db/ledger/queries';
import { creditHistory } from '../../db/ledger/history';
import { brokenInvariants } from './invariants';
import { figures, key, ledgerTestDb, makeEnterprise, type Enterprise } from './fixture';

const db = ledgerTestDb();
const actor = 'principal:1:manager';
let ent: Enterprise;
let A: number, B: number;

beforeEach(async () => {
  ent = await makeEnterprise(db, 2);
  [A, B] = ent.members as [number, number];
  await ledger.setEnterpriseCredit(db, { key: key(), enterpriseId: ent.id, publicCloud: 800_00n, hybridCloud: 200_00n, actor, reason: 'approved' });
});
afterAll(async () => {
  await db.destroy();
});

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string; details: unknown }) => e);

describe('enterprise credit', () => {
  it('assigns member limits out of the total and never beyond it', async () => {
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: 600_00n, actor, reason: 'growth' });
    expect(await enterpriseCredit(db, ent.id)).toMatchObject({ total: 1000_00n, assigned: 600_00n, available: 400_00n });
    const err = await code(ledger.changeMemberCredit(db, { key: key(), accountId: B, delta: 400_01n, actor, reason: 'x' }));
    expect(err).toMatchObject({ code: 'CREDIT_EXCEEDS_AVAILABLE', details: { maximum: '40000' } });
    expect((await figures(db, B)).credit_limit).toBe(0n);
    await ledger.changeMemberCredit(db, { key: key(), accountId: B, delta: 400_00n, actor, reason: 'x' });
    expect((await enterpriseCredit(db, ent.id)).available).toBe(0n);
  });

  it('refuses to set the total below what is assigned', async () => {
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: 700_00n, actor, reason: 'x' });
    const err = await code(ledger.setEnterpriseCredit(db, { key: key(), enterpriseId: ent.id, publicCloud: 600_00n, hybridCloud: 99_99n, actor, reason: 'cut' }));
    expect(err).toMatchObject({ code: 'CREDIT_BELOW_ASSIGNED', details: { minimum: '70000' } });
    await ledger.setEnterpriseCredit(db, { key: key(), enterpriseId: ent.id, publicCloud: 700_00n, hybridCloud: 0n, actor, reason: 'cut' });
    expect(await enterpriseCredit(db, ent.id)).toMatchObject({ total: 700_00n, publicCloud: 700_00n, hybridCloud: 0n, available: 0n });
  });

  it('refuses a decrease that would stop the account unless the caller accepts it', async () => {
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: 100_00n, actor, reason: 'x' });
    await ledger.consume(db, { key: key(), accountId: A, amount: 60_00n, actor }); // available 40
    const tooMuch = await code(ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: -100_01n, acceptStop: true, actor, reason: 'x' }));
    expect(tooMuch).toMatchObject({ code: 'CREDIT_DECREASE_EXCEEDS_LIMIT', details: { maximum: '10000' } });
    const stop = await code(ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: -40_00n, actor, reason: 'x' }));
    expect(stop).toMatchObject({ code: 'WOULD_STOP_ACCOUNT', details: { availableAfter: '0', maximumWithoutStop: '3999' } });
    expect((await figures(db, A)).credit_limit).toBe(100_00n);
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: -39_99n, actor, reason: 'x' });
    expect((await figures(db, A)).status).toBe('active');
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: -1n, acceptStop: true, actor, reason: 'overdue' });
    const a = await figures(db, A);
    expect([a.available, a.status]).toEqual([0n, 'stopped']);
  });

  it('moves limit between members atomically and keeps the assigned total', async () => {
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: 500_00n, actor, reason: 'x' });
    await ledger.moveMemberCredit(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 200_00n, actor, reason: 'rebalance' });
    expect([(await figures(db, A)).credit_limit, (await figures(db, B)).credit_limit]).toEqual([300_00n, 200_00n]);
    expect((await enterpriseCredit(db, ent.id)).assigned).toBe(500_00n);
    const err = await code(ledger.moveMemberCredit(db, { key: key(), fromAccountId: B, toAccountId: A, amount: 200_00n, actor, reason: 'x' }));
    expect(err).toMatchObject({ code: 'WOULD_STOP_ACCOUNT' });
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
  });

  it('keeps a change record of every enterprise and member limit change', async () => {
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: 100_00n, actor, reason: 'first' });
    await ledger.changeMemberCredit(db, { key: key(), accountId: A, delta: 50_00n, actor, reason: 'second' });
    const member = await creditHistory(db, { enterpriseId: ent.id, accountId: A }, { limit: 10 });
    expect(member.map((c) => [c.oldLimit, c.newLimit, c.reason, c.actor])).toEqual([
      [100_00n, 150_00n, 'second', actor],
      [0n, 100_00n, 'first', actor],
    ]);
    const older = await creditHistory(db, { enterpriseId: ent.id, accountId: A }, { limit: 10, before: member[0]!.id });
    expect(older).toHaveLength(1);
    await ledger.setEnterpriseCredit(db, { key: key(), enterpriseId: ent.id, publicCloud: 2000_00n, hybridCloud: 0n, actor, reason: 'raise' });
    const total = await creditHistory(db, { enterpriseId: ent.id }, { limit: 10 });
    expect(total.map((c) => [c.oldLimit, c.newLimit, c.reason])).toEqual([[1000_00n, 2000_00n, 'raise'], [0n, 1000_00n, 'approved']]);
    const events = await db('outbox').where({ topic: 'credit.member_changed' }).whereRaw(`(payload->>'accountId')::int = ?`, [A]);
    expect(events).toHaveLength(2);
  });
});
