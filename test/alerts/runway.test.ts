import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { presentAccount } from '../../api/present';
import { createDb } from '../../db/connection';
import * as ledger from '../../db/ledger/operations';
import { runwayOf } from '../../domain/runway';
import { accountDetail, accountListJsonFor } from '../../services/accounts';
import { setAlerts } from '../../services/alerts';
import { renderEvent } from '../../notifications/templates';
import { checkAccounts, scanAlerts } from '../../workers/alert-check';
import { createTestEnterprise, freshId, testConfig, type TestEnterprise } from '../support';
import { adminOf } from './pipeline';

const db = createDb(testConfig());
afterAll(() => db.destroy());

const actor = 'test';
const key = () => freshId('op');
let ent: TestEnterprise;
const admin = () => adminOf(ent.id, ent.ma);

beforeEach(async () => {
  ent = await createTestEnterprise(db, { members: 3 });
});

const runwayEvents = async (accountId: number) =>
  (await db('outbox').where({ topic: 'alert.runway' }).whereRaw(`(payload->>'accountId')::int = ?`, [accountId]).orderBy('id'))
    .map((r) => ({ key: r.dedupe_key as string, payload: r.payload as Record<string, unknown> }));
/**
 * Moves a posting back in time, as if it had been made `days` days ago: the test's time skip. Ledger rows are
 * immutable (a trigger refuses the update), so this session turns triggers off for the one statement.
 */
const backdate = (transactionId: bigint | null, days: number) => db.transaction(async (trx) => {
  await trx.raw('SET LOCAL session_replication_role = replica');
  await trx('ledger_transactions').where({ id: transactionId!.toString() }).update({ created_at: trx.raw(`now() - make_interval(days => ?)`, [days]) });
});
const shown = async (accountId: number) => {
  const { spendRate, runwayDays, available } = presentAccount(await accountDetail(db, admin(), accountId));
  return { available, spendRate, runwayDays };
};

describe('runway', () => {
  it('whole-fen arithmetic, rounded down, and no runway without spend', () => {
    expect(runwayOf(930_00n, 70_00n)).toEqual({ dailySpend: 10_00n, days: '93.0' });
    expect(runwayOf(100n, 3n)).toEqual({ dailySpend: 0n, days: '233.3' });
    expect(runwayOf(-5_00n, 70_00n)).toEqual({ dailySpend: 10_00n, days: '0.0' });
    expect(runwayOf(100_00n, 0n)).toEqual({ dailySpend: 0n, days: null });
  });

  it('the account details and list show the 7-day spend rate (consumption only) and the days it leaves', async () => {
    const [a, b] = ent.members as [number, number];
    await ledger.topUp(db, { key: key(), accountId: a, amount: 1000_00n, actor });
    expect(await shown(a)).toEqual({ available: '1000.00', spendRate: '0.00', runwayDays: null });
    const old = await ledger.consume(db, { key: key(), accountId: a, amount: 500_00n, actor });
    await backdate(old.transactionId, 8); // outside the 7 days
    await ledger.consume(db, { key: key(), accountId: a, amount: 35_00n, actor });
    await ledger.consume(db, { key: key(), accountId: a, amount: 35_00n, actor });
    await ledger.transfer(db, { key: key(), fromAccountId: a, toAccountId: b, amount: 30_00n, actor }); // not spend
    expect(await shown(a)).toEqual({ available: '400.00', spendRate: '10.00', runwayDays: '40.0' });
    // The list as the API sends it (built by Postgres) shows the same figures.
    const page = JSON.parse(await accountListJsonFor(db, admin(), ent.id, { sort: 'id' })) as { items: Array<{ id: number; spendRate: string; runwayDays: string | null }> };
    expect(page.items.filter((x) => x.id === a || x.id === b).map((x) => [x.id, x.spendRate, x.runwayDays]))
      .toEqual([[a, '10.00', '40.0'], [b, '0.00', null]]);
  });

  it('fewer than N days fires once, re-arms when the runway is back, and fires again', async () => {
    const [a] = ent.members as [number];
    await ledger.topUp(db, { key: key(), accountId: a, amount: 1000_00n, actor });
    const spent = await ledger.consume(db, { key: key(), accountId: a, amount: 70_00n, actor }); // 10/day: 93 days
    await setAlerts(db, admin(), [a], { threshold: '0', runwayDays: 90 });
    expect((await checkAccounts(db, [a])).runwayFired).toEqual([]); // 93.0 days: enough
    await ledger.consume(db, { key: key(), accountId: a, amount: 7_00n, actor }); // 923 at 11/day: 83.9 days
    await scanAlerts(db, { batchSize: 1000 });
    await scanAlerts(db, { batchSize: 3 });
    const events = await runwayEvents(a);
    expect(events).toEqual([{ key: `runway:${a}:1`, payload: { accountId: a, enterpriseId: ent.id, available: '92300', spend7d: '7700', days: 90 } }]);

    await backdate(spent.transactionId, 8); // the big charge leaves the window: 1/day, 923 days
    await scanAlerts(db, { batchSize: 1000 });
    expect((await db('accounts').where({ id: a }).first('runway_state')).runway_state).toBe('armed');
    await ledger.consume(db, { key: key(), accountId: a, amount: 300_00n, actor }); // 623 at 301/7 a day: 14.4 days
    await scanAlerts(db, { batchSize: 1000 });
    expect((await runwayEvents(a)).map((e) => e.key)).toEqual([`runway:${a}:1`, `runway:${a}:2`]);
  });

  it('says the figures in the message', () => {
    const parties = { enterpriseId: 1, enterpriseName: 'Acme', ma: null, finance: [], accounts: new Map([[7, { accountId: 7, name: 'R&D', contacts: [] }]]) };
    const rendered = renderEvent('alert.runway', { accountId: 7, enterpriseId: 1, available: '92300', spend7d: '7700', days: 90 }, parties as never);
    expect(rendered?.subject).toBe('Low runway: R&D (account 7) has about 83.9 days of credit left');
    expect(rendered?.text).toContain('At its spend rate of the last 7 days (11.00 yuan a day), the available credit of R&D (account 7), 923.00 yuan, lasts about 83.9 days: fewer than the 90 days its runway alert asks for.');
  });

  it('refuses a runway outside 1–365 days, naming the field', async () => {
    const [a] = ent.members as [number];
    for (const runwayDays of [0, 366, 1.5]) {
      await expect(setAlerts(db, admin(), [a], { runwayDays })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'runwayDays' } });
    }
    expect((await db('accounts').where({ id: a }).first('runway_days')).runway_days).toBeNull();
  });
});
