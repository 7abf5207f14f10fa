import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrincipal } from '../../services/principals';
import { call, startTestApi, type Api } from '../api/support';
import { freshId } from '../support';

let api: Api;
let ops: string;
let manager: string;

beforeAll(async () => {
  api = await startTestApi();
  ops = (await createPrincipal(api.db, { name: freshId('ops'), role: 'ops' })).token;
  manager = (await createPrincipal(api.db, { name: freshId('manager'), role: 'account_manager' })).token;
});
afterAll(async () => api?.close());

describe('enterprises through the API (platform ops)', () => {
  it('creates an enterprise with its MA account, its contacts and finance contacts, and shows it', async () => {
    const externalId = freshId('crm');
    const res = await call(api.app, ops, 'POST', '/enterprises', {
      name: 'Acme Cloud', externalId, approvalThreshold: '50000',
      ma: { name: 'Acme admin', externalId: `${externalId}-ma`, contacts: [{ address: 'admin@acme.example' }, { address: '+8613800000001', events: ['low_balance'] }] },
      financeContacts: [{ address: 'finance@acme.example', events: ['credit'] }],
    });
    expect(res.status).toBe(201);
    const e = res.body.enterprise;
    expect(res.body.created).toBe(true);
    expect(e).toMatchObject({ name: 'Acme Cloud', externalId, accountCount: 1, dualControlThreshold: '50000.00' });
    const ma = await call(api.app, ops, 'GET', `/accounts/${e.maAccountId}`);
    expect(ma.body).toMatchObject({ kind: 'ma', name: 'Acme admin', externalId: `${externalId}-ma`, status: 'active', available: '0.00' });
    expect((await call(api.app, ops, 'GET', `/accounts/${e.maAccountId}/contacts`)).body.contacts).toEqual([
      { channel: 'email', address: 'admin@acme.example', events: ['low_balance', 'account_stopped', 'credit', 'transfers'] },
      { channel: 'sms', address: '+8613800000001', events: ['low_balance'] },
    ]);
    const settings = await call(api.app, ops, 'GET', `/enterprises/${e.id}/settings`);
    expect(settings.body).toEqual({
      enterpriseId: e.id, approvalThreshold: '50000.00', financeContacts: [{ channel: 'email', address: 'finance@acme.example', events: ['credit'] }],
    });
    expect((await call(api.app, manager, 'GET', `/enterprises/${e.id}`)).body).toEqual(e);
    const changes = await call(api.app, ops, 'GET', `/enterprises/${e.id}/changes`);
    expect(changes.body.items.map((c: { action: string }) => c.action)).toEqual(['account.created', 'enterprise.created']);
    expect(changes.body.items[0].actor).toMatch(/^principal:\d+:ops-/);
  });

  it('is idempotent by externalId: creating again returns the same enterprise unchanged, with 200', async () => {
    const externalId = freshId('crm');
    const first = await call(api.app, ops, 'POST', '/enterprises', { name: 'Twice Ltd', externalId });
    const again = await call(api.app, ops, 'POST', '/enterprises', { name: 'Twice Ltd (renamed in CRM)', externalId });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual({ created: false, enterprise: first.body.enterprise });
    // Concurrent twins make one enterprise too.
    const racing = freshId('crm');
    const twins = await Promise.all([1, 2, 3].map(() => call(api.app, ops, 'POST', '/enterprises', { name: 'Race Ltd', externalId: racing })));
    expect(new Set(twins.map((t) => t.body.enterprise.id)).size).toBe(1);
    expect(twins.map((t) => t.status).sort()).toEqual([200, 200, 201]);
    expect(await api.db('enterprises').where({ external_id: racing }).count('* as n').first()).toEqual({ n: 1n });
  });

  it('renames an enterprise and changes its externalId; refuses one that names another enterprise', async () => {
    const a = (await call(api.app, ops, 'POST', '/enterprises', { name: 'Old name', externalId: freshId('a') })).body.enterprise;
    const b = (await call(api.app, ops, 'POST', '/enterprises', { name: 'Other', externalId: freshId('b') })).body.enterprise;
    const renamed = await call(api.app, ops, 'PATCH', `/enterprises/${a.id}`, { name: '  New name  ' });
    expect(renamed.body).toMatchObject({ id: a.id, name: 'New name', externalId: a.externalId });
    const taken = await call(api.app, ops, 'PATCH', `/enterprises/${a.id}`, { externalId: b.externalId });
    expect([taken.status, taken.body.error.code, taken.body.error.details.field]).toEqual([409, 'CONFLICT', 'externalId']);
    const list = await call(api.app, ops, 'GET', `/enterprises?after=${a.id - 1}&limit=2`);
    expect(list.body.items.map((e: { id: number; name: string }) => [e.id, e.name])).toEqual([[a.id, 'New name'], [b.id, 'Other']]);
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const before = await api.db('enterprises').count('* as n').first();
    const bad: Array<[unknown, string]> = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'Tab\tName' }, 'name'],
      [{ name: 'Ok', externalId: ' padded ' }, 'externalId'],
      [{ name: 'Ok', ma: { contacts: [{ address: 'not-an-address@' }] } }, 'ma.contacts[0].address'],
      [{ name: 'Ok', ma: { contacts: [{ address: '12345' }] } }, 'ma.contacts[0].address'],
      [{ name: 'Ok', ma: { contacts: [{ address: 'a@b.cn', events: ['birthdays'] }] } }, 'ma.contacts[0].events[0]'],
      [{ name: 'Ok', financeContacts: [{ address: 'f@acme.cn' }, { address: 'F@acme.cn' }] }, 'financeContacts[1].address'],
      [{ name: 'Ok', approvalThreshold: '12.345' }, 'approvalThreshold'],
      [{ name: 'Ok', colour: 'blue' }, 'colour'],
    ];
    for (const [body, field] of bad) {
      const res = await call(api.app, ops, 'POST', '/enterprises', body);
      expect([res.status, res.body.error.details.field], JSON.stringify(body)).toEqual([400, field]);
      expect(res.body.error.message).toMatch(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: `));
    }
    expect(await api.db('enterprises').count('* as n').first()).toEqual(before);
  });

  it('lets only platform ops create and rename enterprises', async () => {
    expect((await call(api.app, manager, 'POST', '/enterprises', { name: 'Nope' })).status).toBe(403);
  });
});
