import type { Role } from '../../domain/principal';

/** What a request is aimed at: an enterprise, and accounts in it (one of them the member principal's own). */
export interface Target {
  enterpriseId: number;
  /** The account the endpoint is about. */
  accountId: number;
  /** A second account of the same enterprise (for transfers between two accounts). */
  peerId: number;
}

export interface Endpoint {
  name: string;
  /** Exactly the roles that may call it: everyone else gets 403 (written out, not derived from the code). */
  allowed: Role[];
  /** 'enterprise': about a whole enterprise (a member gets it filtered to itself); 'account': about one account. */
  level: 'enterprise' | 'account';
  request(t: Target): { method: 'GET' | 'POST' | 'PUT'; url: string; body?: unknown; headers?: Record<string, string> };
}

const ALL: Role[] = ['account_manager', 'credit_reviewer', 'ops', 'enterprise_admin', 'member'];
const STAFF_AND_ADMIN: Role[] = ['account_manager', 'credit_reviewer', 'ops', 'enterprise_admin'];
const ADMIN: Role[] = ['enterprise_admin'];
const OPS: Role[] = ['ops'];
const billingKey = () => ({ 'idempotency-key': `matrix-${Math.random().toString(36).slice(2)}` });

/** Every authenticated route (GET /enterprises, which has no target, is tested on its own). */
export const ENDPOINTS: Endpoint[] = [
  { name: 'enterprise', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}` }) },
  { name: 'enterprise credit', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/credit` }) },
  { name: 'enterprise credit history', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/credit/history` }) },
  { name: 'account list', level: 'enterprise', allowed: ALL, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/accounts` }) },
  { name: 'account export', level: 'enterprise', allowed: ALL, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/accounts.csv?all=true` }) },
  { name: 'account', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}` }) },
  { name: 'account transactions', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/transactions` }) },
  { name: 'account credit history', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/credit/history` }) },
  { name: 'maximum transfer', level: 'account', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/transfers/maximum?from=${t.accountId}&to=${t.peerId}` }) },
  { name: 'maximum withdrawal', level: 'account', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/withdrawals/maximum?from=${t.accountId}&to=${t.peerId}` }) },
  { name: 'notifications', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/notifications` }) },
  { name: 'alert setting', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/alert` }) },
  { name: 'set alert', level: 'account', allowed: ADMIN, request: (t) => ({ method: 'PUT', url: `/accounts/${t.accountId}/alert`, body: { threshold: '10.00' } }) },
  { name: 'start transfer', level: 'account', allowed: ADMIN, request: (t) => ({ method: 'POST', url: '/transfers', body: { fromAccountId: t.accountId, toAccountId: t.peerId, amount: '0.01' } }) },
  { name: 'start withdrawal', level: 'account', allowed: ADMIN, request: (t) => ({ method: 'POST', url: '/withdrawals', body: { fromAccountId: t.accountId, toAccountId: t.peerId, amount: '0.01' } }) },
  { name: 'start transfer batch', level: 'account', allowed: ADMIN, request: (t) => ({ method: 'POST', url: '/transfer-batches', body: { items: [{ fromAccountId: t.accountId, toAccountId: t.peerId, amount: '0.01' }] } }) },
  { name: 'top-up', level: 'account', allowed: OPS, request: (t) => ({ method: 'POST', url: `/accounts/${t.accountId}/top-ups`, body: { amount: '1.00' }, headers: billingKey() }) },
  { name: 'usage charge', level: 'account', allowed: OPS, request: (t) => ({ method: 'POST', url: `/accounts/${t.accountId}/charges`, body: { amount: '0.01' }, headers: billingKey() }) },
  { name: 'credit refund', level: 'account', allowed: OPS, request: (t) => ({ method: 'POST', url: `/accounts/${t.accountId}/credit-refunds`, body: { amount: '0.01' }, headers: billingKey() }) },
  { name: 'coupon', level: 'account', allowed: OPS, request: (t) => ({ method: 'POST', url: `/accounts/${t.accountId}/coupons`, body: { amount: '1.00', validFrom: '2026-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z' }, headers: billingKey() }) },
  { name: 'batch alerts', level: 'account', allowed: ADMIN, request: (t) => ({ method: 'POST', url: '/alerts/batch', body: { accountIds: [t.accountId], threshold: '10.00' } }) },
];
