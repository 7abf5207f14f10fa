import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../db/connection';
import * as ledger from '../../db/ledger/operations';
import { setAlerts } from '../../services/alerts';
import { checkAccounts, scanAlerts } from '../../workers/alert-check';
import { createTestEnterprise, freshId, testConfig, type TestEnterprise } from '../support';
import { adminOf } from './pipeline';

const db = createDb(testConfig());
afterAll(() => db.destroy());

const actor = 'test';
const key = () => freshId('op');
let ent: TestEnterprise;

beforeEach(async () => {
  ent = await createTestEnterprise(db, { members: 3 });
});

/** The low-balance events written for an account: what the notifier will send, one per crossing. */
const alertsOf = async (accountId: number) =>
  (await db('outbox').where({ topic: 'alert.low_balance' }).whereRaw(`(payload->>'accountId')::int = ?`, [accountId]).orderBy('id')).map(
    (r) => ({ key: r.dedupe_key as string, payload: r.payload as Record<string, unknown> }),
  );

const stateOf = async (accountId: number) => (await db('accounts').where({ id: accountId }).first('alert_state')).alert_state as string;

describe('threshold crossing', () => {
  it('fires once when available crosses below, stays quiet while below, re-arms at the threshold and fires again', async () => {
    const [a] = ent.members as [number];
    await ledger.topUp(db, { key: key(), accountId: a, amount: 100_00n, actor });
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '50' });
    expect(await checkAccounts(db, [a])).toEqual({ fired: [], rearmed: [] });

    await ledger.consume(db, { key: key(), accountId: a, amount: 60_00n, actor }); // 40 left
    expect((await checkAccounts(db, [a])).fired).toEqual([a]);
    for (const amount of [5_00n, 1_00n]) {
      await ledger.consume(db, { key: key(), accountId: a, amount, actor });
      expect((await checkAccounts(db, [a])).fired).toEqual([]);
    }
    expect(await alertsOf(a)).toEqual([
      { key: `alert:${a}:1`, payload: { accountId: a, enterpriseId: ent.id, available: '4000', threshold: '5000', stopped: false } },
    ]);

    await ledger.topUp(db, { key: key(), accountId: a, amount: 16_00n, actor }); // exactly 50: back at the threshold
    expect(await checkAccounts(db, [a])).toEqual({ fired: [], rearmed: [a] });
    expect(await stateOf(a)).toBe('armed');

    await ledger.consume(db, { key: key(), accountId: a, amount: 1n, actor });
    expect((await checkAccounts(db, [a])).fired).toEqual([a]);
    expect((await alertsOf(a)).map((e) => e.key)).toEqual([`alert:${a}:1`, `alert:${a}:2`]);
  });

  it('reports a stopped account as stopped', async () => {
    const [a] = ent.members as [number];
    await ledger.topUp(db, { key: key(), accountId: a, amount: 10_00n, actor });
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '5' });
    await ledger.consume(db, { key: key(), accountId: a, amount: 12_00n, actor }); // 2 yuan on credit it does not have
    expect((await db('accounts').where({ id: a }).first('status')).status).toBe('stopped');
    await checkAccounts(db, [a]);
    expect(await alertsOf(a)).toMatchObject([{ payload: { available: '-200', stopped: true } }]);
  });

  it('a disabled alert never fires; enabling it judges the account afresh', async () => {
    const [a] = ent.members as [number];
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '5', enabled: false });
    expect((await checkAccounts(db, [a])).fired).toEqual([]);
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '5', enabled: true });
    expect((await checkAccounts(db, [a])).fired).toEqual([a]);
  });
});

describe('event-driven check and periodic scan', () => {
  it('the scan finds a crossing that no event-driven check saw', async () => {
    const [a, b] = ent.members as [number, number];
    await ledger.topUp(db, { key: key(), accountId: a, amount: 100_00n, actor });
    await ledger.topUp(db, { key: key(), accountId: b, amount: 100_00n, actor });
    await setAlerts(db, adminOf(ent.id, ent.ma), [a, b], { threshold: '50' });
    await ledger.consume(db, { key: key(), accountId: a, amount: 99_00n, actor }); // its check job is "lost"

    const result = await scanAlerts(db, { batchSize: 2 });
    expect(result.pages).toBeGreaterThan(1);
    expect(await alertsOf(a)).toHaveLength(1);
    expect(await alertsOf(b)).toHaveLength(0);
    // The next scan has nothing new to say.
    await scanAlerts(db, { batchSize: 1000 });
    expect(await alertsOf(a)).toHaveLength(1);
  });

  it('racing event-driven checks and scans notify each crossing exactly once', async () => {
    const many = await createTestEnterprise(db, { members: 30 });
    for (const id of many.members) await ledger.topUp(db, { key: key(), accountId: id, amount: 100_00n, actor });
    await setAlerts(db, adminOf(many.id, many.ma), many.members, { threshold: '50' });
    for (const id of many.members) await ledger.consume(db, { key: key(), accountId: id, amount: 70_00n, actor });

    await Promise.all([
      scanAlerts(db, { batchSize: 7 }),
      ...many.members.map((id) => checkAccounts(db, [id])),
      scanAlerts(db, { batchSize: 1000 }),
      checkAccounts(db, [...many.members].reverse()),
    ]);
    for (const id of many.members) expect((await alertsOf(id)).map((e) => e.key), `account ${id}`).toEqual([`alert:${id}:1`]);
  });
});
