import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../db/connection';
import type { Principal } from '../../domain/principal';
import { getAlertSettings, setAlert, setAlerts, setAlertsEnabled } from '../../services/alerts';
import { createTestEnterprise, testConfig, type TestEnterprise } from '../support';
import { adminOf, memberOf } from './pipeline';

const db = createDb(testConfig());
afterAll(() => db.destroy());

let ent: TestEnterprise;
let other: TestEnterprise;
let admin: Principal;

beforeEach(async () => {
  ent = await createTestEnterprise(db, { members: 3 });
  other = await createTestEnterprise(db, { members: 1 });
  admin = adminOf(ent.id, ent.ma);
});

const settingsOf = async (ids: number[]) =>
  (await db('accounts').whereIn('id', ids).orderBy('id').select('id', 'alert_threshold', 'alert_enabled', 'alert_state')).map((r) => ({
    id: r.id as number, threshold: r.alert_threshold as bigint | null, enabled: r.alert_enabled as boolean, state: r.alert_state as string,
  }));

const checksQueued = async (accountId: number) =>
  (await db('outbox').where({ topic: 'alert.settings_changed' }).whereRaw(`payload->'accountIds' @> ?::jsonb`, [JSON.stringify([accountId])])).length;

async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err, 'expected a refusal').toBeDefined();
  return err as { code: string; message: string; details: Record<string, unknown> };
}

describe('one account', () => {
  it('sets, changes, disables and enables the threshold, and reads it back', async () => {
    const [a] = ent.members as [number];
    const set = await setAlert(db, admin, a, { threshold: '500.50' });
    expect(set).toMatchObject({ accountId: a, threshold: 50_050n, enabled: true, state: 'armed' });

    await setAlert(db, admin, a, { threshold: '80' });
    await setAlertsEnabled(db, admin, [a], false);
    expect(await getAlertSettings(db, admin, [a])).toMatchObject([{ threshold: 80_00n, enabled: false }]);
    await setAlertsEnabled(db, admin, [a], true);
    expect(await getAlertSettings(db, memberOf(ent.id, a), [a])).toMatchObject([{ accountId: a, threshold: 80_00n, enabled: true }]);
    // Every change queued an alert check of the account.
    expect(await checksQueued(a)).toBe(4);
  });

  it('accepts a zero threshold and rejects malformed, negative, over-precise and huge ones with INVALID_AMOUNT', async () => {
    const [a] = ent.members as [number];
    expect((await setAlert(db, admin, a, { threshold: '0' })).threshold).toBe(0n);
    for (const threshold of ['-1', '1.234', '1e3', '', 'abc', '1000000000000000', 12 as unknown as string]) {
      const err = await refusal(setAlert(db, admin, a, { threshold }));
      expect(err.code, threshold).toBe('INVALID_AMOUNT');
      expect(err.details.field).toBe('threshold');
    }
    expect(await settingsOf([a])).toMatchObject([{ threshold: 0n }]);
  });

  it('refuses to enable an alert that has no threshold', async () => {
    const [a] = ent.members as [number];
    const err = await refusal(setAlertsEnabled(db, admin, [a], true));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(await settingsOf([a])).toMatchObject([{ threshold: null, enabled: false }]);
  });

  it('a member may read only its own alert and may not change it; staff may not change it', async () => {
    const [a, b] = ent.members as [number, number];
    const member = memberOf(ent.id, a);
    expect((await refusal(setAlert(db, member, a, { threshold: '10' }))).code).toBe('FORBIDDEN');
    expect((await refusal(getAlertSettings(db, member, [b]))).code).toBe('ACCOUNT_NOT_FOUND');
    const ops: Principal = { id: 9, name: 'Olga Ops', role: 'ops', enterpriseId: null, accountId: null };
    expect((await refusal(setAlert(db, ops, a, { threshold: '10' }))).code).toBe('FORBIDDEN');
    expect(await settingsOf([a])).toMatchObject([{ threshold: null, enabled: false }]);
  });
});

describe('a batch of accounts', () => {
  it('applies one threshold and flag to every selected account', async () => {
    const ids = ent.members;
    const rows = await setAlerts(db, admin, ids, { threshold: '100', enabled: true });
    expect(rows.map((r) => [r.accountId, r.threshold, r.enabled])).toEqual(ids.map((id) => [id, 100_00n, true]));
    await setAlertsEnabled(db, admin, ids, false);
    expect((await settingsOf(ids)).every((r) => !r.enabled && r.threshold === 100_00n)).toBe(true);
  });

  it('changes nothing when one account is unknown or belongs to another enterprise', async () => {
    await setAlerts(db, admin, ent.members, { threshold: '10' });
    const before = await settingsOf([...ent.members, ...other.members]);

    const foreign = await refusal(setAlerts(db, admin, [...ent.members, other.members[0]!], { threshold: '99' }));
    expect(foreign).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', details: { accountIds: [other.members[0]] } });
    const unknown = await refusal(setAlerts(db, admin, [ent.members[0]!, 2_000_000_000], { threshold: '99', enabled: false }));
    expect(unknown).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', details: { accountIds: [2_000_000_000] } });
    const bad = await refusal(setAlerts(db, admin, ent.members, { threshold: '9.999' }));
    expect(bad.code).toBe('INVALID_AMOUNT');
    expect((await refusal(setAlerts(db, admin, [], { threshold: '1' }))).code).toBe('VALIDATION_FAILED');

    expect(await settingsOf([...ent.members, ...other.members])).toEqual(before);
    expect(await checksQueued(other.members[0]!)).toBe(0);
  });

  it('changes nothing when one account is closed', async () => {
    const [a, b] = ent.members as [number, number];
    await db('accounts').where({ id: b }).update({ status: 'closed' });
    const err = await refusal(setAlerts(db, admin, [a, b], { threshold: '10' }));
    expect(err).toMatchObject({ code: 'ACCOUNT_CLOSED', details: { accountIds: [b] } });
    expect(await settingsOf([a])).toMatchObject([{ threshold: null }]);
  });
});
