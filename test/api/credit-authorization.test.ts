import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeMemberCredit, setEnterpriseCredit } from '../../db/ledger/operations';
import { ROLES, type Role } from '../../domain/principal';
import { startCreditHarness, type CreditHarness } from '../credit/harness';
import { freshId, type TestEnterprise } from '../support';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

/**
 * Credit endpoints × roles × the caller's own enterprise or another. Each endpoint gets the state it needs
 * afresh (an application in the right stage); refused roles go first, so only the allowed one changes anything.
 */
type Scope = 'own' | 'other';
const STAFF: Role[] = ['account_manager', 'credit_reviewer', 'ops'];
const READERS: Role[] = [...STAFF, 'enterprise_admin'];

let h: CreditHarness;
let api: Api;
let ents: Record<Scope, TestEnterprise>;
let tokens: Tokens;

beforeAll(async () => {
  h = await startCreditHarness();
  api = await startTestApi({ temporal: h.env.client, taskQueue: h.deps.taskQueue, db: h.db });
  const own = await enterpriseWithTokens(h.db, 2);
  const other = await enterpriseWithTokens(h.db, 2);
  ents = { own: own.ent, other: other.ent };
  tokens = own.tokens;
  for (const ent of [own.ent, other.ent]) {
    await setEnterpriseCredit(h.db, { key: freshId('k'), enterpriseId: ent.id, publicCloud: 100_000_00n, hybridCloud: 0n, reason: 'test', actor: 'test' });
    await changeMemberCredit(h.db, { key: freshId('k'), accountId: ent.members[0]!, delta: 1_000_00n, reason: 'test', actor: 'test' });
  }
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

/** An application of this enterprise in the given stage (any open one is withdrawn first). */
async function application(enterpriseId: number, stage: 'none' | 'awaiting_review' | 'awaiting_contract'): Promise<string> {
  const open = await h.db('credit_applications').where({ enterprise_id: enterpriseId }).whereIn('stage', ['awaiting_review', 'awaiting_contract']);
  for (const a of open) await call(api.app, tokens.account_manager, 'POST', `/credit-applications/${a.id}/withdraw`, {});
  if (stage === 'none') return '';
  const submitted = await call(api.app, tokens.account_manager, 'POST', `/enterprises/${enterpriseId}/credit-applications`, { publicCloud: '200000.00', hybridCloud: '0', reason: 'test' });
  if (stage === 'awaiting_contract') {
    const decided = await call(api.app, tokens.credit_reviewer, 'POST', `/credit-applications/${submitted.body.id}/decision`, { approve: true, reason: 'ok' });
    expect(decided.body.stage).toBe('awaiting_contract');
  }
  return submitted.body.id;
}

interface CreditEndpoint {
  name: string;
  allowed: Role[];
  needs: 'none' | 'awaiting_review' | 'awaiting_contract';
  request(ent: TestEnterprise, applicationId: string): { method: 'GET' | 'POST' | 'PUT'; url: string; body?: unknown };
}

// Confirmation first: it needs an enterprise whose contract was never confirmed.
const ENDPOINTS: CreditEndpoint[] = [
  { name: 'confirm contract', allowed: ['enterprise_admin'], needs: 'awaiting_contract', request: (_e, id) => ({ method: 'POST', url: `/credit-applications/${id}/confirm` }) },
  { name: 'submit application', allowed: ['account_manager'], needs: 'none', request: (e) => ({ method: 'POST', url: `/enterprises/${e.id}/credit-applications`, body: { publicCloud: '2.00', hybridCloud: '0', reason: 'more' } }) },
  { name: 'list applications', allowed: READERS, needs: 'none', request: (e) => ({ method: 'GET', url: `/credit-applications?enterpriseId=${e.id}` }) },
  { name: 'application status', allowed: READERS, needs: 'awaiting_review', request: (_e, id) => ({ method: 'GET', url: `/credit-applications/${id}` }) },
  { name: 'decide application', allowed: ['credit_reviewer'], needs: 'awaiting_review', request: (_e, id) => ({ method: 'POST', url: `/credit-applications/${id}/decision`, body: { approve: false, reason: 'no' } }) },
  { name: 'withdraw application', allowed: ['account_manager'], needs: 'awaiting_review', request: (_e, id) => ({ method: 'POST', url: `/credit-applications/${id}/withdraw`, body: {} }) },
  { name: 'change member limit', allowed: ['enterprise_admin'], needs: 'none', request: (e) => ({ method: 'PUT', url: `/accounts/${e.members[0]}/credit-limit`, body: { delta: '1.00', reason: 'r' } }) },
  { name: 'move member limit', allowed: ['enterprise_admin'], needs: 'none', request: (e) => ({ method: 'POST', url: '/credit-limit-moves', body: { fromAccountId: e.members[0], toAccountId: e.members[1], amount: '1.00', reason: 'r' } }) },
];

function expectedStatus(allowed: Role[], role: Role, scope: Scope): number {
  if (!allowed.includes(role)) return 403;
  if (STAFF.includes(role) || scope === 'own') return 200;
  return 404;
}

describe('credit authorization matrix', () => {
  for (const endpoint of ENDPOINTS) {
    it(endpoint.name, async () => {
      for (const scope of ['own', 'other'] as const) {
        const id = await application(ents[scope].id, endpoint.needs);
        const roles = [...ROLES].sort((a, b) => Number(endpoint.allowed.includes(a)) - Number(endpoint.allowed.includes(b)));
        for (const role of roles) {
          const { method, url, body } = endpoint.request(ents[scope], id);
          const res = await call(api.app, tokens[role], method, url, body);
          const status = res.status < 300 ? 200 : res.status;
          expect({ scope, role, status }, res.text.slice(0, 200)).toEqual({ scope, role, status: expectedStatus(endpoint.allowed, role, scope) });
        }
      }
    });
  }
});
