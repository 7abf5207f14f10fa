import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, issueCoupon, setEnterpriseCredit, changeMemberCredit, topUp, transfer } from '../../db/ledger/operations';
import { ACCOUNT_SORTS, listAccounts, listAccountsJson, type AccountListQuery } from '../../db/ledger/account-list';
import { presentAccount } from '../../api/present';
import { createTestEnterprise, freshId } from '../support';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';
import type { TestEnterprise } from '../support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;
const actor = 'test';
const key = () => freshId('k');

beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 3));
  const [a, b, c] = ent.members as [number, number, number];
  await setEnterpriseCredit(api.db, { key: key(), enterpriseId: ent.id, publicCloud: 100_000n, hybridCloud: 50_000n, reason: 'test', actor });
  await topUp(api.db, { key: key(), accountId: a, amount: 1_234_56n, actor });
  await transfer(api.db, { key: key(), fromAccountId: a, toAccountId: b, amount: 200_00n, actor });
  await changeMemberCredit(api.db, { key: key(), accountId: c, delta: 500_00n, reason: 'limit for c', actor });
  await consume(api.db, { key: key(), accountId: c, amount: 120_00n, actor });
  const now = Date.now();
  await issueCoupon(api.db, { key: key(), accountId: b, amount: 30_00n, validFrom: new Date(now - 60_000), validTo: new Date(now + 86_400_000), actor });
});
afterAll(async () => api?.close());

describe('accounts and enterprises through HTTP', () => {
  it('lists the accounts with every figure in yuan, sorted and keyset-paged', async () => {
    const [a, b, c] = ent.members;
    const first = await call(api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/accounts?sort=available&order=desc&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: { id: number }) => r.id)).toEqual([a, c]);
    expect(first.body.items[0]).toMatchObject({ available: '1034.56', cashBalance: '1034.56', ownCash: '1034.56', transferBook: '0.00', alertStatus: 'off' });
    expect(first.body.items[1]).toMatchObject({ available: '380.00', creditLimit: '500.00', monthlyUncleared: '120.00' });
    const second = await call(api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/accounts?sort=available&order=desc&limit=2&cursor=${first.body.next}`);
    expect(second.body.items.map((r: { id: number }) => r.id)).toEqual([b, ent.ma]);
    expect(second.body.items[0]).toMatchObject({ available: '200.00', transferBook: '200.00', couponBalance: '30.00', validCoupons: 1 });
    expect(second.body.next).toBeNull();
  });

  it('builds the list in the database exactly as presentAccount shows each account, through every sort and page', async () => {
    const own = await createTestEnterprise(api.db, { members: 4 });
    const [a, b, c] = own.members as [number, number, number];
    await topUp(api.db, { key: key(), accountId: a, amount: 70_00n, actor });
    await transfer(api.db, { key: key(), fromAccountId: a, toAccountId: b, amount: 20_00n, actor });
    await consume(api.db, { key: key(), accountId: own.ma, amount: 5_01n, actor }); // below zero: "-5.01"
    await api.db('accounts').where({ id: a }).update({ name: 'Ünïcode "quoted" \\ name', alert_threshold: 10_00n, alert_enabled: true });
    await api.db('account_external_ids').insert({ account_id: c, external_id: 'ext-c' });
    for (const sort of ACCOUNT_SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        let query: AccountListQuery = { enterpriseId: own.id, sort, order, limit: 2 };
        for (let pages = 0; ; pages++) {
          const expected = await listAccounts(api.db, query);
          const made = JSON.parse(await listAccountsJson(api.db, query)) as { next: string | null };
          expect(made, `${sort} ${order} page ${pages}`).toEqual({ items: expected.items.map(presentAccount), next: expected.next });
          if (!made.next) break;
          query = { ...query, cursor: made.next };
        }
      }
    }
    const all = JSON.parse(await listAccountsJson(api.db, { enterpriseId: own.id, search: 'quoted' }));
    expect(all.items).toMatchObject([{ id: a, name: 'Ünïcode "quoted" \\ name', alertThreshold: '10.00', alertStatus: 'armed' }]);
    expect(JSON.parse(await listAccountsJson(api.db, { enterpriseId: own.id, sort: 'available', limit: 1 })).items)
      .toMatchObject([{ id: own.ma, available: '-5.01', monthlyUncleared: '5.01' }]);
  });

  it('filters by name and shows a member only itself', async () => {
    const search = await call(api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/accounts?search=member%202`);
    expect(search.body.items.map((r: { id: number }) => r.id)).toEqual([ent.members[1]]);
    const member = await call(api.app, tokens.member, 'GET', `/enterprises/${ent.id}/accounts`);
    expect(member.body.items.map((r: { id: number }) => r.id)).toEqual([ent.members[0]]);
  });

  it("shows one account's figures with its transfer books per source", async () => {
    const res = await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${ent.members[1]}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ent.members[1], cashBalance: '200.00', ownCash: '0.00', transferBook: '200.00' });
    expect(res.body.transferBooks).toEqual([{ sourceAccountId: ent.members[0], sourceName: `${ent.name} member 1`, balance: '200.00', withdrawable: '200.00' }]);
  });

  it('lists transactions newest first and pages with before', async () => {
    const page = await call(api.app, tokens.member, 'GET', `/accounts/${ent.members[0]}/transactions?limit=1`);
    expect(page.status).toBe(200);
    expect(page.body.items).toMatchObject([{ kind: 'transfer', book: 'own_cash', amount: '-200.00', actor }]);
    const older = await call(api.app, tokens.member, 'GET', `/accounts/${ent.members[0]}/transactions?limit=5&before=${page.body.next}`);
    expect(older.body.items).toMatchObject([{ kind: 'top_up', amount: '1234.56' }]);
    expect(older.body.next).toBeNull();
  });

  it('shows enterprise credit totals, their history and a member limit history', async () => {
    const credit = await call(api.app, tokens.credit_reviewer, 'GET', `/enterprises/${ent.id}/credit`);
    expect(credit.body).toEqual({ enterpriseId: ent.id, publicCloud: '1000.00', hybridCloud: '500.00', total: '1500.00', assigned: '500.00', available: '1000.00' });
    const history = await call(api.app, tokens.account_manager, 'GET', `/enterprises/${ent.id}/credit/history`);
    expect(history.body.items).toMatchObject([{ oldLimit: '0.00', newLimit: '1500.00', reason: 'test', actor, accountId: null }]);
    const member = await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${ent.members[2]}/credit/history`);
    expect(member.body.items).toMatchObject([{ oldLimit: '0.00', newLimit: '500.00', reason: 'limit for c' }]);
  });

  it("totals the enterprise's books above its list: cash, transfer books, held funds and credit quota", async () => {
    const totals = await call(api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/totals`);
    expect(totals.body).toEqual({
      enterpriseId: ent.id, cashBalance: '1234.56', transferBook: '200.00', held: '0.00',
      credit: { enterpriseId: ent.id, publicCloud: '1000.00', hybridCloud: '500.00', total: '1500.00', assigned: '500.00', available: '1000.00' },
    });
  });

  it('shows the maximum transfer and withdrawal before committing', async () => {
    const [a, b] = ent.members;
    const t = await call(api.app, tokens.enterprise_admin, 'GET', `/transfers/maximum?from=${a}&to=${b}`);
    expect(t.body).toEqual({ from: a, to: b, maximum: '1034.56' });
    const w = await call(api.app, tokens.enterprise_admin, 'GET', `/withdrawals/maximum?from=${b}&to=${a}`);
    expect(w.body).toEqual({ from: b, to: a, maximum: '200.00' });
    const none = await call(api.app, tokens.enterprise_admin, 'GET', `/withdrawals/maximum?from=${a}&to=${b}`);
    expect(none.body.maximum).toBe('0.00');
  });

  it('lists the enterprises a caller reaches and names the caller', async () => {
    const mine = await call(api.app, tokens.enterprise_admin, 'GET', '/enterprises');
    expect(mine.body.items).toMatchObject([{ id: ent.id, maAccountId: ent.ma, accountCount: 4 }]);
    const staff = await call(api.app, tokens.ops, 'GET', `/enterprises?after=${ent.id - 1}&limit=1`);
    expect(staff.body.items.map((e: { id: number }) => e.id)).toEqual([ent.id]);
    const one = await call(api.app, tokens.ops, 'GET', `/enterprises/${ent.id}`);
    expect(one.body).toMatchObject({ id: ent.id, name: ent.name });
    const me = await call(api.app, tokens.member, 'GET', '/me');
    expect(me.body).toMatchObject({ role: 'member', enterpriseId: ent.id, accountId: ent.members[0] });
  });

  it('keeps answering after a migration adds a column to principals (the token lookup is a prepared statement)', async () => {
    const column = `added_${freshId('c').replace(/\W/g, '_')}`;
    const asks = () => Promise.all([1, 2, 3, 4].map(() => call(api.app, tokens.member, 'GET', '/me')));
    expect((await asks()).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await api.db.raw(`ALTER TABLE principals ADD COLUMN ${column} integer`);
    try {
      const after = await asks();
      expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(after[0]!.body).toMatchObject({ role: 'member', accountId: ent.members[0] });
    } finally {
      await api.db.raw(`ALTER TABLE principals DROP COLUMN ${column}`);
    }
  });
});

describe('alert settings through HTTP', () => {
  it('sets one account and a batch atomically, and reads them back', async () => {
    const [a, b, c] = ent.members;
    const one = await call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${a}/alert`, { threshold: '2000.00' });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ accountId: a, threshold: '2000.00', enabled: true, available: '1034.56' });
    const batch = await call(api.app, tokens.enterprise_admin, 'POST', '/alerts/batch', { accountIds: [b, c], threshold: '50', enabled: true });
    expect(batch.body.items.map((s: { threshold: string }) => s.threshold)).toEqual(['50.00', '50.00']);
    const read = await call(api.app, tokens.member, 'GET', `/accounts/${a}/alert`);
    expect(read.body).toMatchObject({ threshold: '2000.00', enabled: true });
    const list = await call(api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/accounts?sort=id`);
    expect(list.body.items.find((r: { id: number }) => r.id === b)).toMatchObject({ alertThreshold: '50.00', alertEnabled: true });
    const off = await call(api.app, tokens.enterprise_admin, 'POST', '/alerts/batch', { accountIds: [b, c], enabled: false });
    expect(off.body.items.map((s: { enabled: boolean; threshold: string }) => [s.enabled, s.threshold])).toEqual([[false, '50.00'], [false, '50.00']]);
  });

  it('sets the recovered message and the runway alert, and refuses a runway out of range naming the field', async () => {
    const [, , c] = ent.members;
    const set = await call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${c}/alert`, { recovered: true, runwayDays: 14 });
    expect([set.status, set.body]).toEqual([200, expect.objectContaining({ recovered: true, runwayDays: 14, runwayState: 'armed' })]);
    const bad = await call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${c}/alert`, { runwayDays: 0 });
    expect([bad.status, bad.body.error.code, bad.body.error.details.field]).toEqual([400, 'VALIDATION_FAILED', 'runwayDays']);
    const off = await call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${c}/alert`, { runwayDays: null });
    expect(off.body).toMatchObject({ recovered: true, runwayDays: null });
    const empty = await call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${c}/alert`, {});
    expect([empty.status, empty.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const shown = await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${c}`);
    expect(shown.body).toMatchObject({ spendRate: '17.14', runwayDays: '22.1' }); // 120.00 charged this week: 17.14 a day; 380.00 available lasts 22.1 days
  });

  it('refuses a batch with a foreign account as a whole, changing nothing', async () => {
    const other = await enterpriseWithTokens(api.db, 1);
    const res = await call(api.app, tokens.enterprise_admin, 'POST', '/alerts/batch', { accountIds: [ent.members[2], other.ent.members[0]], threshold: '1.00' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', details: { accountIds: [other.ent.members[0]] } });
    const unchanged = await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${ent.members[2]}/alert`);
    expect(unchanged.body.threshold).toBe('50.00');
  });
});
