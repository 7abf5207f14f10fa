import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topUp } from '../../db/ledger/operations';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from '../api/support';
import { freshId, type TestEnterprise } from '../support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;
beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 3));
});
afterAll(async () => api.close());

const path = (suffix = '') => `/enterprises/${ent.id}/funding-policies${suffix}`;

describe('funding policies over HTTP', () => {
  it('are created, listed, previewed, replaced and deleted by the enterprise admin, amounts in yuan', async () => {
    const [F, m1, m2] = ent.members as [number, number, number];
    await topUp(api.db, { key: freshId('top'), accountId: F, amount: 1000_00n, actor: 'test' });
    const body = { fundingAccountId: F, memberIds: [m1, m2], floor: '100', target: '300.50', dailyCap: '400', sweepDay: 25 };
    const created = await call(api.app, tokens.enterprise_admin, 'POST', path(), body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      enterpriseId: ent.id, fundingAccountId: F, memberIds: [m1, m2], floor: '100.00', target: '300.50', dailyCap: '400.00', sweepDay: 25, blockedReason: null,
    });
    const id = created.body.id as number;
    expect((await call(api.app, tokens.enterprise_admin, 'GET', path())).body).toEqual([created.body]);

    const preview = await call(api.app, tokens.enterprise_admin, 'GET', path(`/${id}/preview`));
    expect(preview.status).toBe(200);
    // Both members are at 0.00: the first would get 300.50, and what is left of the 400.00 cap is the same for each in a dry run.
    expect(preview.body.members).toEqual([
      { accountId: m1, action: 'top_up', available: '0.00', amount: '300.50', limitedBy: 'target', reason: null, why: expect.stringContaining(`300.50 yuan from account ${F}`) },
      { accountId: m2, action: 'top_up', available: '0.00', amount: '300.50', limitedBy: 'target', reason: null, why: expect.any(String) },
    ]);
    expect(await api.db('funding_moves').where({ policy_id: id })).toEqual([]); // a dry run moves nothing

    const replaced = await call(api.app, tokens.enterprise_admin, 'PUT', path(`/${id}`), { ...body, memberIds: [m1], sweepDay: null });
    expect(replaced.body).toMatchObject({ memberIds: [m1], sweepDay: null });
    expect((await call(api.app, tokens.enterprise_admin, 'DELETE', path(`/${id}`))).status).toBe(204);
    expect((await call(api.app, tokens.enterprise_admin, 'GET', path(`/${id}`))).body.error).toMatchObject({ code: 'FUNDING_POLICY_NOT_FOUND' });
  });

  it('answer bad input with the field named, and only to the enterprise admin', async () => {
    const [F, m1] = ent.members as [number, number];
    const bad = await call(api.app, tokens.enterprise_admin, 'POST', path(), { fundingAccountId: F, memberIds: [m1], floor: '100', target: '50', dailyCap: '1' });
    expect([bad.status, bad.body.error.code, bad.body.error.details.field]).toEqual([400, 'VALIDATION_FAILED', 'target']);
    const self = await call(api.app, tokens.enterprise_admin, 'POST', path(), { fundingAccountId: F, memberIds: [F], floor: '1', target: '2', dailyCap: '1' });
    expect([self.status, self.body.error.code, self.body.error.message]).toEqual([422, 'FUNDING_SELF', `account ${F} cannot fund itself: remove it from memberIds`]);
    for (const role of ['member', 'ops', 'account_manager'] as const) {
      expect((await call(api.app, tokens[role], 'GET', path())).status).toBe(403);
    }
    expect(await api.db('funding_policies').where({ enterprise_id: ent.id })).toEqual([]);
  });
});
