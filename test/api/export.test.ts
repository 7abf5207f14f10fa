import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeMemberCredit, consume, issueCoupon, setEnterpriseCredit, topUp, transfer } from '../../db/ledger/operations';
import { createTestEnterprise, freshId, type TestEnterprise } from '../support';
import { call, startTestApi, tokensFor, type Api, type Tokens } from './support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;
const k = () => freshId('k');
const actor = 'test';

beforeAll(async () => {
  api = await startTestApi();
  ent = await createTestEnterprise(api.db, { members: 3, name: freshId('Export') });
  const [a, b, c] = ent.members as [number, number, number];
  // Names a spreadsheet would misread: a comma, a quote, a formula.
  await api.db('accounts').where({ id: a }).update({ name: 'Sales, "East"' });
  await api.db('accounts').where({ id: c }).update({ name: '=SUM(A1:A9)' });
  await setEnterpriseCredit(api.db, { key: k(), enterpriseId: ent.id, publicCloud: 1_000_00n, hybridCloud: 0n, reason: 'r', actor });
  await topUp(api.db, { key: k(), accountId: a, amount: 900_10n, actor });
  await transfer(api.db, { key: k(), fromAccountId: a, toAccountId: b, amount: 100_00n, actor });
  await changeMemberCredit(api.db, { key: k(), accountId: c, delta: 300_00n, reason: 'r', actor });
  await consume(api.db, { key: k(), accountId: c, amount: 350_00n, actor });
  const now = Date.now();
  await issueCoupon(api.db, { key: k(), accountId: b, amount: 5_55n, validFrom: new Date(now - 60_000), validTo: new Date(now + 86_400_000), actor });
  tokens = await tokensFor(api.db, ent);
  await call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${b}/alert`, { threshold: '200.00' });
});
afterAll(async () => api?.close());

const csv = async (query: string, token = tokens.enterprise_admin) => {
  const res = await call(api.app, token, 'GET', `/enterprises/${ent.id}/accounts.csv?${query}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="enterprise-${ent.id}-accounts.csv"`);
  expect(res.text.endsWith('\r\n')).toBe(true);
  return res.text.slice(0, -2).split('\r\n');
};

const HEADER = 'Account ID,Account,Type,Status,Available balance (yuan),Cash balance (yuan),Transfer book (yuan),Credit limit (yuan),Valid coupons (yuan),Valid coupons,Low-balance alert threshold (yuan),Low-balance alert,Held (yuan),Runway (days),Spend rate per day (yuan)';

describe('account export (CSV)', () => {
  it('writes every account row by row, amounts in yuan, text fields quoted and defused', async () => {
    const [a, b, c] = ent.members;
    expect(await csv('all=true')).toEqual([
      HEADER,
      `${ent.ma},${ent.name} MA,ma,active,0.00,0.00,0.00,0.00,0.00,0,,off,0.00,,0.00`,
      `${a},"Sales, ""East""",member,active,800.10,800.10,0.00,0.00,0.00,0,,off,0.00,,0.00`,
      `${b},${ent.name} member 2,member,active,100.00,100.00,100.00,0.00,5.55,1,200.00,armed,0.00,,0.00`,
      `${c},'=SUM(A1:A9),member,stopped,-50.00,0.00,0.00,300.00,0.00,0,,off,0.00,0.0,50.00`,
    ]);
  });

  it('exports just the page asked for, in its order, and the filters', async () => {
    const [a, b] = ent.members;
    const page = await csv('sort=available&order=desc&limit=2');
    expect(page.map((r) => r.split(',')[0])).toEqual(['Account ID', String(a), String(b)]);
    expect((await csv('status=stopped')).length).toBe(2);
    expect(await csv(`search=member%202&all=true`)).toEqual([HEADER, expect.stringMatching(new RegExp(`^${b},`))]);
  });

  it('gives a member only its own row', async () => {
    expect((await csv('all=true', tokens.member)).map((r) => r.split(',')[0])).toEqual(['Account ID', String(ent.members[0])]);
  });
});
