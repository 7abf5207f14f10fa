import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, topUp, transfer } from '../../db/ledger/operations';
import { ROLES, type Role } from '../../domain/principal';
import { createPrincipal, revokePrincipal } from '../../services/principals';
import { freshId, type TestEnterprise } from '../support';
import { ENDPOINTS, type Endpoint, type Target } from './endpoints';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

/**
 * Each endpoint × each role × whose resource: the caller's own account, another account of its enterprise,
 * or another enterprise's. Staff reach every enterprise; an admin its own; a member only its own account.
 * Outside the scope the answer is 404, exactly as for an id that does not exist.
 */
type Scope = 'own account' | 'same enterprise' | 'other enterprise';
const SCOPES: Scope[] = ['own account', 'same enterprise', 'other enterprise'];
const STAFF: Role[] = ['account_manager', 'credit_reviewer', 'ops'];

function expectedStatus({ allowed, level }: Endpoint, role: Role, scope: Scope): number {
  if (!allowed.includes(role)) return 403;
  if (STAFF.includes(role)) return 200;
  if (scope === 'other enterprise') return 404;
  if (role === 'member' && scope === 'same enterprise' && level === 'account') return 404;
  return 200;
}

let api: Api;
let ent: TestEnterprise;
let other: TestEnterprise;
let tokens: Tokens;
const targets = {} as Record<Scope, Target>;

beforeAll(async () => {
  api = await startTestApi();
  // The last member of each enterprise holds nothing (it is closed and reopened).
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 4));
  ({ ent: other } = await enterpriseWithTokens(api.db, 3));
  const memberToken = async (e: TestEnterprise) =>
    (await createPrincipal(api.db, { name: freshId('matrix'), role: 'member', enterpriseId: e.id, accountId: e.members[0]! })).principal.id;
  const [own, foreign] = [await memberToken(ent), await memberToken(other)];
  // Funds for the transfer endpoints: each target account can transfer, and holds funds its peer sent it; and
  // 1.00 of usage paid on credit, which a credit refund may give back.
  for (const e of [ent, other]) {
    for (const id of e.members.slice(0, -1)) {
      await consume(api.db, { key: freshId('k'), accountId: id, amount: 1_00n, actor: 'test' });
      await topUp(api.db, { key: freshId('k'), accountId: id, amount: 11_00n, actor: 'test' });
    }
  }
  const pairs: Array<[number, number]> = [[ent.members[2]!, ent.members[0]!], [ent.members[2]!, ent.members[1]!], [other.members[1]!, other.members[0]!]];
  for (const [from, to] of pairs) {
    await transfer(api.db, { key: freshId('k'), fromAccountId: from, toAccountId: to, amount: 1_00n, actor: 'test' });
  }
  targets['own account'] = { enterpriseId: ent.id, accountId: ent.members[0]!, peerId: ent.members[2]!, spareId: ent.members[3]!, tokenId: own };
  targets['same enterprise'] = { enterpriseId: ent.id, accountId: ent.members[1]!, peerId: ent.members[2]!, spareId: ent.members[3]!, tokenId: own };
  targets['other enterprise'] = { enterpriseId: other.id, accountId: other.members[0]!, peerId: other.members[1]!, spareId: other.members[2]!, tokenId: foreign };
});
afterAll(async () => api?.close());

describe('authorization matrix', () => {
  for (const endpoint of ENDPOINTS) {
    for (const role of ROLES) {
      it(`${endpoint.name}: ${role}`, async () => {
        for (const scope of SCOPES) {
          const { method, url, body, headers } = endpoint.request(targets[scope]);
          const res = await call(api.app, tokens[role], method, url, body, headers);
          const expected = expectedStatus(endpoint, role, scope);
          expect({ scope, status: res.status < 300 ? 200 : res.status }, `${method} ${url}: ${res.text.slice(0, 200)}`).toEqual({ scope, status: expected });
          if (expected === 403) expect(res.body.error.code).toBe('FORBIDDEN');
          if (expected === 404) expect(res.body.error.code).toMatch(/_NOT_FOUND$/);
        }
      });
    }
  }

  it('lists only the caller’s enterprise to an admin, every enterprise to staff, none to a member', async () => {
    const admin = await call(api.app, tokens.enterprise_admin, 'GET', '/enterprises?limit=500');
    expect(admin.body.items.map((e: { id: number }) => e.id)).toEqual([ent.id]);
    const staff = await call(api.app, tokens.ops, 'GET', `/enterprises?after=${ent.id - 1}&limit=2`);
    expect(staff.body.items.map((e: { id: number }) => e.id)).toEqual([ent.id, other.id]);
    expect((await call(api.app, tokens.member, 'GET', '/enterprises')).status).toBe(403);
  });

  it("answers another enterprise's account exactly like an account that does not exist", async () => {
    const missing = 2_000_000_000;
    for (const endpoint of ENDPOINTS.filter((e) => e.allowed.includes('enterprise_admin'))) {
      const foreign = endpoint.request(targets['other enterprise']);
      const absent = endpoint.request({ enterpriseId: missing, accountId: missing, peerId: missing + 1, spareId: missing, tokenId: missing });
      const a = await call(api.app, tokens.enterprise_admin, foreign.method, foreign.url, foreign.body, foreign.headers);
      const b = await call(api.app, tokens.enterprise_admin, absent.method, absent.url, absent.body, absent.headers);
      const shape = (r: typeof a, ...ids: number[]) => ids.reduce((text, id) => text.replaceAll(String(id), 'ID'), JSON.stringify(r.body));
      const { enterpriseId, accountId, spareId, tokenId } = targets['other enterprise'];
      expect([a.status, shape(a, accountId, spareId, tokenId, enterpriseId)], foreign.url).toEqual([b.status, shape(b, missing)]);
    }
  });

  it('refuses a missing, malformed, unknown or revoked token with 401 on every endpoint', async () => {
    const issued = await createPrincipal(api.db, { name: freshId('revoked'), role: 'ops' });
    await revokePrincipal(api.db, String(issued.principal.id));
    for (const endpoint of ENDPOINTS) {
      const { method, url, body, headers } = endpoint.request(targets['own account']);
      for (const header of [undefined, 'Basic abc', `Bearer ${tokens.ops}x`, `Bearer ${issued.token}`]) {
        const res = await api.app.inject({ method, url, payload: body as object, headers: { ...headers, ...(header ? { authorization: header } : {}) } });
        expect(res.statusCode, `${method} ${url} with ${header}`).toBe(401);
        expect(JSON.parse(res.body).error.code).toBe('UNAUTHENTICATED');
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
  });
});
