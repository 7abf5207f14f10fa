import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, startTestApi, tokensFor, type Api, type Tokens } from '../api/support';
import { freshId } from '../support';
import { fundedEnterprise, startTransferHarness, type FundedEnterprise, type TransferHarness } from '../transfers/harness';

let h: TransferHarness;
let api: Api;
let ent: FundedEnterprise;
let other: FundedEnterprise;
let tokens: Tokens;

beforeAll(async () => {
  h = await startTransferHarness();
  api = await startTestApi({ temporal: h.client, taskQueue: h.deps.taskQueue, db: h.db });
  ent = await fundedEnterprise(h.db, [200_00n, 0n]);
  other = await fundedEnterprise(h.db, [0n]);
  tokens = await tokensFor(h.db, ent);
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const settingsOf = (enterpriseId: number) => `/enterprises/${enterpriseId}/settings`;

describe('enterprise settings (the enterprise admin)', () => {
  it('sets the approval threshold and the finance contacts; refuses bad ones naming the field; null turns approval off', async () => {
    const set = await call(api.app, tokens.enterprise_admin, 'PUT', settingsOf(ent.id), {
      approvalThreshold: '100', financeContacts: [{ address: 'cfo@acme.example', events: ['credit'] }, { address: '13800000009' }],
    });
    expect(set.body).toEqual({
      enterpriseId: ent.id, approvalThreshold: '100.00',
      financeContacts: [
        { channel: 'email', address: 'cfo@acme.example', events: ['credit'] },
        { channel: 'sms', address: '13800000009', events: ['low_balance', 'account_stopped', 'credit', 'transfers'] },
      ],
    });
    for (const [body, field] of [
      [{ approvalThreshold: '-5' }, 'approvalThreshold'], [{ approvalThreshold: 100 }, 'approvalThreshold'],
      [{ financeContacts: [{ address: 'cfo@' }] }, 'financeContacts[0].address'], [{}, 'body'],
    ] as const) {
      const res = await call(api.app, tokens.enterprise_admin, 'PUT', settingsOf(ent.id), body);
      expect([res.status, res.body.error.details.field], JSON.stringify(body)).toEqual([400, field]);
    }
    expect((await call(api.app, tokens.credit_reviewer, 'GET', settingsOf(ent.id))).body).toEqual(set.body);
    expect((await call(api.app, tokens.ops, 'PUT', settingsOf(ent.id), { approvalThreshold: null })).status).toBe(403);
    expect((await call(api.app, tokens.member, 'GET', settingsOf(ent.id))).status).toBe(403);
    expect((await call(api.app, tokens.enterprise_admin, 'PUT', settingsOf(other.id), { approvalThreshold: null })).body.error.code).toBe('ENTERPRISE_NOT_FOUND');
    const off = await call(api.app, tokens.enterprise_admin, 'PUT', settingsOf(ent.id), { approvalThreshold: null });
    expect(off.body).toMatchObject({ approvalThreshold: null, financeContacts: [{ address: 'cfo@acme.example' }, { address: '13800000009' }] });
  });

  it('a transfer at the threshold waits for the second admin the first one issued a token for', async () => {
    await call(api.app, tokens.enterprise_admin, 'PUT', settingsOf(ent.id), { approvalThreshold: '50.00' });
    const issued = await call(api.app, tokens.enterprise_admin, 'POST', '/tokens', { role: 'enterprise_admin', name: 'Second admin' });
    expect([issued.status, issued.body.principal]).toEqual([201, expect.objectContaining({
      role: 'enterprise_admin', enterpriseId: ent.id, accountId: ent.ma, createdBy: expect.stringMatching(/^principal:\d+:enterprise_admin-/), lastUsedAt: null,
    })]);
    const [A, B] = ent.members as [number, number];
    const requestId = freshId('approve');
    const started = await call(api.app, tokens.enterprise_admin, 'POST', '/transfers', { fromAccountId: A, toAccountId: B, amount: '50.00' }, { 'idempotency-key': requestId });
    expect(started.status).toBe(202);
    await vi.waitFor(async () => {
      expect((await call(api.app, tokens.enterprise_admin, 'GET', `/transfers/${requestId}`)).body.stage).toBe('awaiting_approval');
    }, { timeout: 20_000, interval: 100 });
    expect((await call(api.app, tokens.enterprise_admin, 'POST', `/transfers/${requestId}/approve`, {})).body.error.code).toBe('FORBIDDEN');
    const approved = await call(api.app, issued.body.token, 'POST', `/transfers/${requestId}/approve`, {});
    expect(approved.body.stage).toBe('completed');
  });
});

describe('tokens (the enterprise admin for its own enterprise; ops for all)', () => {
  it('issues a member token that works, lists it with its creator and last use, and revokes it', async () => {
    const issued = await call(api.app, tokens.enterprise_admin, 'POST', '/tokens', { role: 'member', name: 'Dev lead', accountId: ent.members[1] });
    expect(issued.body.token).toMatch(/^uam_/);
    const me = await call(api.app, issued.body.token, 'GET', '/me');
    expect(me.body).toMatchObject({ role: 'member', enterpriseId: ent.id, accountId: ent.members[1] });
    const list = await call(api.app, tokens.enterprise_admin, 'GET', '/tokens');
    const row = list.body.items.find((t: { id: number }) => t.id === issued.body.principal.id);
    expect(row).toMatchObject({ name: 'Dev lead', role: 'member', revokedAt: null, createdBy: issued.body.principal.createdBy });
    expect(Date.parse(row.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(list.body.items.every((t: { enterpriseId: number }) => t.enterpriseId === ent.id)).toBe(true);
    const found = await call(api.app, tokens.enterprise_admin, 'GET', `/tokens?prefix=${issued.body.token.slice(0, 12)}`);
    expect(found.body.items.map((t: { id: number }) => t.id)).toEqual([issued.body.principal.id]);
    const first = await call(api.app, tokens.enterprise_admin, 'GET', '/tokens?limit=1');
    const second = await call(api.app, tokens.enterprise_admin, 'GET', `/tokens?limit=1&after=${first.body.next}`);
    expect(second.body.items[0].id).toBeGreaterThan(first.body.items[0].id);

    const revoked = await call(api.app, tokens.enterprise_admin, 'DELETE', `/tokens/${issued.body.principal.id}`);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await call(api.app, issued.body.token, 'GET', '/me')).status).toBe(401);
    expect((await call(api.app, tokens.enterprise_admin, 'DELETE', `/tokens/${issued.body.principal.id}`)).body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('keeps staff tokens with ops and another enterprise out of reach', async () => {
    const admin = tokens.enterprise_admin;
    expect((await call(api.app, admin, 'POST', '/tokens', { role: 'ops', name: 'Sneaky' })).status).toBe(403);
    const foreign = await call(api.app, admin, 'POST', '/tokens', { role: 'member', name: 'x', enterpriseId: other.id, accountId: other.members[0] });
    expect(foreign.body.error.code).toBe('ENTERPRISE_NOT_FOUND');
    const foreignAccount = await call(api.app, admin, 'POST', '/tokens', { role: 'member', name: 'x', accountId: other.members[0] });
    expect(foreignAccount.body.error.code).toBe('ACCOUNT_NOT_FOUND');
    expect((await call(api.app, admin, 'POST', '/tokens', { role: 'member', name: 'x' })).body.error.details.field).toBe('accountId');
    const opsId = (await call(api.app, tokens.ops, 'GET', '/me')).body.id;
    expect((await call(api.app, admin, 'DELETE', `/tokens/${opsId}`)).body.error.code).toBe('TOKEN_NOT_FOUND');
    expect((await call(api.app, admin, 'GET', `/tokens?enterpriseId=${other.id}`)).body.error.code).toBe('ENTERPRISE_NOT_FOUND');
    expect((await call(api.app, tokens.member, 'GET', '/tokens')).status).toBe(403);

    expect((await call(api.app, tokens.ops, 'POST', '/tokens', { role: 'enterprise_admin', name: 'x' })).body.error.details.field).toBe('enterpriseId');
    const staff = await call(api.app, tokens.ops, 'POST', '/tokens', { role: 'credit_reviewer', name: 'New reviewer' });
    expect(staff.body.principal).toMatchObject({ role: 'credit_reviewer', enterpriseId: null });
    const all = await call(api.app, tokens.ops, 'GET', '/tokens');
    expect(all.body.items.some((t: { id: number }) => t.id === staff.body.principal.id)).toBe(true);
  });

  it('records who issued and revoked each token of the enterprise', async () => {
    const log = await call(api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/changes`);
    const actions = log.body.items.map((c: { action: string }) => c.action);
    expect(actions).toContain('token.revoked');
    expect(actions.filter((a: string) => a === 'token.created')).toHaveLength(2);
  });
});
