import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ledger from '../../db/ledger/operations';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from '../api/support';
import { freshId, type TestEnterprise } from '../support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;
const actor = 'test';

beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 2));
});
afterAll(async () => api?.close());

const add = (body: unknown, token = tokens.ops) => call(api.app, token, 'POST', `/enterprises/${ent.id}/accounts`, body);

describe('member accounts through the API', () => {
  it('adds a member with contacts; adding it again by externalId returns it unchanged; another enterprise may not reuse the id', async () => {
    const externalId = freshId('acct');
    const res = await add({ name: 'Data team', externalId, contacts: [{ address: 'data@acme.example', events: ['low_balance', 'transfers'] }, { address: '13912345678' }] });
    expect([res.status, res.body.created]).toEqual([201, true]);
    expect(res.body.account).toMatchObject({ enterpriseId: ent.id, kind: 'member', name: 'Data team', externalId, status: 'active', cashBalance: '0.00' });
    const again = await add({ name: 'Data team (new name in CRM)', externalId });
    expect([again.status, again.body]).toEqual([200, { created: false, account: res.body.account }]);
    const contacts = await call(api.app, tokens.member, 'GET', `/accounts/${ent.members[0]}/contacts`);
    expect(contacts.body.contacts).toEqual([{ channel: 'email', address: `member1-${ent.id}@example.test`, events: ['low_balance', 'account_stopped', 'credit', 'transfers'] }]);
    expect((await call(api.app, tokens.ops, 'GET', `/accounts/${res.body.account.id}/contacts`)).body.contacts).toEqual([
      { channel: 'email', address: 'data@acme.example', events: ['low_balance', 'transfers'] },
      { channel: 'sms', address: '13912345678', events: ['low_balance', 'account_stopped', 'credit', 'transfers'] },
    ]);
    const other = (await call(api.app, tokens.ops, 'POST', '/enterprises', { name: freshId('Other') })).body.enterprise;
    const taken = await call(api.app, tokens.ops, 'POST', `/enterprises/${other.id}/accounts`, { name: 'Copy', externalId });
    expect([taken.status, taken.body.error.code, taken.body.error.details.field]).toEqual([409, 'CONFLICT', 'externalId']);
  });

  it('lets the enterprise admin rename members and edit their contacts, but not add, close or re-key them', async () => {
    const member = ent.members[1]!;
    const renamed = await call(api.app, tokens.enterprise_admin, 'PATCH', `/accounts/${member}`, { name: 'Renamed by admin' });
    expect([renamed.status, renamed.body.name]).toEqual([200, 'Renamed by admin']);
    const set = await call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${member}/contacts`, {
      contacts: [{ address: 'ops@acme.example', channel: 'email', events: ['account_stopped'] }, { address: '+85291234567', events: ['account_stopped'] }],
    });
    expect(set.body.contacts.map((c: { address: string }) => c.address)).toEqual(['ops@acme.example', '+85291234567']);
    expect((await call(api.app, tokens.enterprise_admin, 'PATCH', `/accounts/${member}`, { externalId: 'x' })).status).toBe(403);
    expect((await add({ name: 'By admin' }, tokens.enterprise_admin)).status).toBe(403);
    expect((await call(api.app, tokens.enterprise_admin, 'POST', `/accounts/${member}/close`)).status).toBe(403);
    expect((await call(api.app, tokens.member, 'PUT', `/accounts/${ent.members[0]}/contacts`, { contacts: [] })).status).toBe(403);
    const history = await call(api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/changes?accountId=${member}`);
    expect(history.body.items.map((c: { action: string }) => c.action)).toEqual(['contacts.changed', 'account.updated']);
    expect(history.body.items[1].details).toEqual({ before: { name: `${ent.name} member 2`, externalId: null }, after: { name: 'Renamed by admin' } });
  });

  it('refuses a malformed address or phone with a 400 naming it, and keeps the contacts', async () => {
    const member = ent.members[0]!;
    const before = (await call(api.app, tokens.ops, 'GET', `/accounts/${member}/contacts`)).body;
    const cases: Array<[unknown, string, RegExp]> = [
      [{ address: 'li na@acme.example' }, 'contacts[0].address', /is not an e-mail address/],
      [{ address: 'a@localhost' }, 'contacts[0].address', /is not an e-mail address/],
      [{ address: '138-0000-0000' }, 'contacts[0].address', /E\.164.*11-digit mainland China mobile/],
      [{ address: '12800000000' }, 'contacts[0].address', /not a phone number/],
      [{ address: '+0123456789' }, 'contacts[0].address', /not a phone number/],
      [{ address: 'a@acme.example', channel: 'sms' }, 'contacts[0].address', /not a phone number/],
      [{ address: 'a@acme.example', events: [] }, 'contacts[0].events', /non-empty/],
      [{ address: 'a@acme.example', events: ['low_balance', 'weather'] }, 'contacts[0].events[1]', /allowed values/],
    ];
    for (const [contact, field, why] of cases) {
      const res = await call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${member}/contacts`, { contacts: [contact] });
      expect([res.status, res.body.error.code, res.body.error.details.field], JSON.stringify(contact)).toEqual([400, 'VALIDATION_FAILED', field]);
      expect(res.body.error.message).toMatch(why);
    }
    expect((await call(api.app, tokens.ops, 'GET', `/accounts/${member}/contacts`)).body).toEqual(before);
  });

  it('closes an empty account and shows it as closed and read-only; refuses one with money, listing it; reopens', async () => {
    const { account } = (await add({ name: 'Short-lived', externalId: freshId('acct') })).body;
    const holder = ent.members[0]!;
    await ledger.topUp(api.db, { key: freshId('k'), accountId: holder, amount: 20_00n, actor });
    await ledger.transfer(api.db, { key: freshId('k'), fromAccountId: holder, toAccountId: account.id, amount: 5_00n, actor });

    const refused = await call(api.app, tokens.ops, 'POST', `/accounts/${account.id}/close`);
    expect([refused.status, refused.body.error.code]).toEqual([422, 'ACCOUNT_NOT_EMPTY']);
    expect(refused.body.error.details.left).toEqual([{ kind: 'transfer_book', amount: '5.00' }]);
    expect(refused.body.error.message).toBe(`account ${account.id} cannot be closed while it holds money: transfer book 5.00 yuan`);
    expect((await call(api.app, tokens.ops, 'GET', `/accounts/${account.id}`)).body.status).toBe('active');

    await ledger.consume(api.db, { key: freshId('k'), accountId: account.id, amount: 5_00n, actor });
    const sender = await call(api.app, tokens.ops, 'POST', `/accounts/${holder}/close`);
    expect(sender.body.error.details.left).toEqual([{ kind: 'cash', amount: '15.00' }]);
    const closed = await call(api.app, tokens.ops, 'POST', `/accounts/${account.id}/close`, { reason: 'team dissolved' });
    expect([closed.status, closed.body.changed, closed.body.account.status]).toEqual([200, true, 'closed']);
    expect((await call(api.app, tokens.ops, 'POST', `/accounts/${account.id}/close`)).body.changed).toBe(false);

    const list = await call(api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/accounts?status=closed`);
    expect(list.body.items.map((a: { id: number; status: string }) => [a.id, a.status])).toEqual([[account.id, 'closed']]);
    expect((await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${account.id}/transactions`)).body.items).toHaveLength(2);
    for (const [method, url, body] of [
      ['PATCH', `/accounts/${account.id}`, { name: 'Nope' }],
      ['PUT', `/accounts/${account.id}/contacts`, { contacts: [] }],
      ['PUT', `/accounts/${account.id}/alert`, { threshold: '1.00' }],
    ] as const) {
      const res = await call(api.app, tokens.enterprise_admin, method, url, body);
      expect([res.status, res.body.error.code], url).toEqual([422, 'ACCOUNT_CLOSED']);
    }
    const reopened = await call(api.app, tokens.ops, 'POST', `/accounts/${account.id}/reopen`);
    expect([reopened.body.changed, reopened.body.account.status]).toEqual([true, 'active']);
    expect((await call(api.app, tokens.enterprise_admin, 'PATCH', `/accounts/${account.id}`, { name: 'Back' })).body.name).toBe('Back');
    const log = await call(api.app, tokens.ops, 'GET', `/enterprises/${ent.id}/changes?accountId=${account.id}&limit=3`);
    expect(log.body.items.map((c: { action: string }) => c.action)).toEqual(['account.updated', 'account.reopened', 'account.closed']);
    expect(log.body.items[2]).toMatchObject({ details: { reason: 'team dissolved' }, actor: expect.stringMatching(/^principal:\d+:ops-/) });
  });

  it('never closes the MA account', async () => {
    const res = await call(api.app, tokens.ops, 'POST', `/accounts/${ent.ma}/close`);
    expect([res.status, res.body.error.code]).toEqual([409, 'INVALID_STATE']);
  });
});
