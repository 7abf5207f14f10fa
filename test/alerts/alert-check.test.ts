import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../db/connection';
import * as ledger from '../../db/ledger/operations';
import { setAlerts } from '../../services/alerts';
import { checkAccounts, scanAlerts } from '../../workers/alert-check';
import { createTestEnterprise, freshId, testConfig, type TestEnterprise } from '../support';
import { crossingsFromEntries } from './crossing-oracle';
import { adminOf } from './pipeline';

const db = createDb(testConfig({ DATABASE_POOL_MAX: '20' }));
afterAll(() => db.destroy());

const actor = 'test';
const key = () => freshId('op');
let ent: TestEnterprise;

beforeEach(async () => {
  ent = await createTestEnterprise(db, { members: 3 });
});

/** The low-balance events written for an account: what the notifier will send, one per crossing. */
const eventsOf = async (accountId: number, topic = 'alert.low_balance') =>
  (await db('outbox').where({ topic }).whereRaw(`(payload->>'accountId')::int = ?`, [accountId]).orderBy('id')).map(
    (r) => ({ key: r.dedupe_key as string, payload: r.payload as Record<string, unknown> }),
  );
const alertsOf = (accountId: number) => eventsOf(accountId);

const stateOf = async (accountId: number) => (await db('accounts').where({ id: accountId }).first('alert_state')).alert_state as string;

describe('threshold crossing, decided by the posting', () => {
  it('fires once when available crosses below, stays quiet while below, re-arms at the threshold and fires again', async () => {
    const [a] = ent.members as [number];
    await ledger.topUp(db, { key: key(), accountId: a, amount: 100_00n, actor });
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '50' });
    expect(await checkAccounts(db, [a])).toEqual({ fired: [], rearmed: [], runwayFired: [] });

    await ledger.consume(db, { key: key(), accountId: a, amount: 60_00n, actor }); // 40 left: the posting fires
    expect(await stateOf(a)).toBe('fired');
    expect(await checkAccounts(db, [a])).toEqual({ fired: [], rearmed: [], runwayFired: [] }); // nothing left for a check to do
    for (const amount of [5_00n, 1_00n]) await ledger.consume(db, { key: key(), accountId: a, amount, actor });
    expect(await alertsOf(a)).toEqual([
      { key: `alert:${a}:1`, payload: { accountId: a, enterpriseId: ent.id, available: '4000', threshold: '5000', stopped: false } },
    ]);

    await ledger.topUp(db, { key: key(), accountId: a, amount: 16_00n, actor }); // exactly 50: back at the threshold
    expect(await stateOf(a)).toBe('armed');
    await ledger.consume(db, { key: key(), accountId: a, amount: 1n, actor });
    expect((await alertsOf(a)).map((e) => e.key)).toEqual([`alert:${a}:1`, `alert:${a}:2`]);
  });

  it('600 → 400 → 300 → 700 → 200 against 500, posted back to back, is two crossings and two events', async () => {
    const [a] = ent.members as [number];
    await ledger.topUp(db, { key: key(), accountId: a, amount: 600_00n, actor });
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '500' });
    await ledger.consume(db, { key: key(), accountId: a, amount: 200_00n, actor });
    await ledger.consume(db, { key: key(), accountId: a, amount: 100_00n, actor });
    await ledger.topUp(db, { key: key(), accountId: a, amount: 400_00n, actor });
    await ledger.consume(db, { key: key(), accountId: a, amount: 500_00n, actor });
    expect((await alertsOf(a)).map((e) => [e.key, e.payload.available])).toEqual([[`alert:${a}:1`, '40000'], [`alert:${a}:2`, '20000']]);
    await scanAlerts(db, { batchSize: 1000 });
    expect(await alertsOf(a)).toHaveLength(2);
  });

  it('reports a stopped account as stopped', async () => {
    const [a] = ent.members as [number];
    await ledger.topUp(db, { key: key(), accountId: a, amount: 10_00n, actor });
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '5' });
    await ledger.consume(db, { key: key(), accountId: a, amount: 12_00n, actor }); // 2 yuan on credit it does not have
    expect((await db('accounts').where({ id: a }).first('status')).status).toBe('stopped');
    expect(await alertsOf(a)).toMatchObject([{ payload: { available: '-200', stopped: true } }]);
  });

  it('a disabled alert never fires; enabling it judges the account afresh', async () => {
    const [a] = ent.members as [number];
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '5', enabled: false });
    await ledger.consume(db, { key: key(), accountId: a, amount: 1_00n, actor });
    expect(await alertsOf(a)).toEqual([]);
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '5', enabled: true });
    expect((await checkAccounts(db, [a])).fired).toEqual([a]); // the check the settings change queued
  });

  it('a transfer decides both of its accounts', async () => {
    const [a, b] = ent.members as [number, number];
    await ledger.topUp(db, { key: key(), accountId: a, amount: 100_00n, actor });
    await ledger.topUp(db, { key: key(), accountId: b, amount: 10_00n, actor });
    await setAlerts(db, adminOf(ent.id, ent.ma), [a, b], { threshold: '50', recovered: true });
    expect(await stateOf(b)).toBe('armed');
    await checkAccounts(db, [a, b]); // b starts below: the settings change's check fires it
    await ledger.transfer(db, { key: key(), fromAccountId: a, toAccountId: b, amount: 60_00n, actor }); // a 40, b 70
    expect((await alertsOf(a)).map((e) => e.key)).toEqual([`alert:${a}:1`]);
    expect((await eventsOf(b, 'alert.recovered')).map((e) => [e.key, e.payload.available])).toEqual([[`alert.recovered:${b}:1`, '7000']]);
  });
});

describe('recovered', () => {
  it('is sent only when asked for, once per crossing back', async () => {
    const [a, b] = ent.members as [number, number];
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '50', recovered: true });
    await setAlerts(db, adminOf(ent.id, ent.ma), [b], { threshold: '50' });
    for (const id of [a, b]) {
      await ledger.topUp(db, { key: key(), accountId: id, amount: 100_00n, actor });
      await ledger.consume(db, { key: key(), accountId: id, amount: 60_00n, actor }); // 40: fires
      await ledger.topUp(db, { key: key(), accountId: id, amount: 5_00n, actor }); // 45: still below
      await ledger.topUp(db, { key: key(), accountId: id, amount: 10_00n, actor }); // 55: recovered
      await ledger.topUp(db, { key: key(), accountId: id, amount: 10_00n, actor }); // 65: nothing new
    }
    expect(await eventsOf(a, 'alert.recovered')).toEqual([
      { key: `alert.recovered:${a}:1`, payload: { accountId: a, enterpriseId: ent.id, available: '5500', threshold: '5000', stopped: false } },
    ]);
    expect(await eventsOf(b, 'alert.recovered')).toEqual([]);
    expect(await alertsOf(b)).toHaveLength(1);
  });
});

describe('periodic scan: the safety net', () => {
  it('finds a crossing whose check was lost, and says nothing about crossings the postings made', async () => {
    const [a, b] = ent.members as [number, number];
    await ledger.topUp(db, { key: key(), accountId: a, amount: 100_00n, actor });
    await ledger.topUp(db, { key: key(), accountId: b, amount: 100_00n, actor });
    await setAlerts(db, adminOf(ent.id, ent.ma), [b], { threshold: '50' });
    await ledger.consume(db, { key: key(), accountId: b, amount: 99_00n, actor }); // the posting fires b
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '150' }); // its check job is "lost"

    const result = await scanAlerts(db, { batchSize: 2 });
    expect(result.pages).toBeGreaterThan(1);
    expect((await alertsOf(a)).map((e) => e.key)).toEqual([`alert:${a}:1`]);
    expect((await alertsOf(b)).map((e) => e.key)).toEqual([`alert:${b}:1`]);
    await scanAlerts(db, { batchSize: 1000 });
    expect(await alertsOf(a)).toHaveLength(1);
  });

  it('1,000 random postings over 20 accounts with scans and checks racing them: one event per crossing the entries show', async () => {
    const many = await createTestEnterprise(db, { members: 20 });
    const ids = many.members;
    for (const id of ids) await ledger.topUp(db, { key: key(), accountId: id, amount: 1000_00n, actor });
    await setAlerts(db, adminOf(many.id, many.ma), ids, { threshold: '500' });

    let seed = 20261130;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const postings = Array.from({ length: 1000 }, () => ({ kind: random(3), a: ids[random(20)]!, b: ids[random(20)]!, amount: BigInt(1 + random(400_00)) }));
    let next = 0;
    let posting = true;
    const poster = async () => {
      for (let p = postings[next++]; p; p = postings[next++]) {
        if (p.kind === 0) await ledger.topUp(db, { key: key(), accountId: p.a, amount: p.amount, actor });
        else if (p.kind === 1) await ledger.consume(db, { key: key(), accountId: p.a, amount: p.amount, actor });
        else await ledger.transfer(db, { key: key(), fromAccountId: p.a, toAccountId: p.b, amount: p.amount, actor }).catch(() => undefined); // over its maximum, or to itself
      }
    };
    const scanner = async () => {
      while (posting) {
        await scanAlerts(db, { batchSize: 7 });
        await checkAccounts(db, [...ids].reverse());
      }
    };
    const scans = [scanner(), scanner()];
    await Promise.all(Array.from({ length: 6 }, poster));
    posting = false;
    await Promise.all(scans);
    await scanAlerts(db, { batchSize: 1000 });

    const expected = await crossingsFromEntries(db, ids, 500_00n);
    let total = 0;
    for (const id of ids) {
      const { fired } = expected.get(id)!;
      total += fired;
      expect((await alertsOf(id)).map((e) => e.key), `account ${id}`).toEqual(Array.from({ length: fired }, (_, i) => `alert:${id}:${i + 1}`));
    }
    expect(total).toBeGreaterThan(20); // the run really crossed, many times
  }, 120_000);
});
