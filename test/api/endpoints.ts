import type { Role } from '../../domain/principal';

/** What a request is aimed at: an enterprise, and accounts in it (one of them the member principal's own). */
export interface Target {
  enterpriseId: number;
  /** The account the endpoint is about. */
  accountId: number;
  /** A second account of the same enterprise (for transfers between two accounts). */
  peerId: number;
  /** An account of the same enterprise that holds nothing (closing and reopening). */
  spareId: number;
  /** A member's API token in the same enterprise (revoking). */
  tokenId: number;
}

export interface Endpoint {
  name: string;
  /** Exactly the roles that may call it: everyone else gets 403 (written out, not derived from the code). */
  allowed: Role[];
  /** 'enterprise': about a whole enterprise (a member gets it filtered to itself); 'account': about one account. */
  level: 'enterprise' | 'account';
  request(t: Target): { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; body?: unknown; headers?: Record<string, string> };
}

const ALL: Role[] = ['account_manager', 'credit_reviewer', 'ops', 'enterprise_admin', 'member'];
const STAFF_AND_ADMIN: Role[] = ['account_manager', 'credit_reviewer', 'ops', 'enterprise_admin'];
const ADMIN: Role[] = ['enterprise_admin'];
const OPS: Role[] = ['ops'];
const OPS_AND_ADMIN: Role[] = ['ops', 'enterprise_admin'];
const billingKey = () => ({ 'idempotency-key': `matrix-${Math.random().toString(36).slice(2)}` });

const unique = (label: string) => `matrix-${label}-${Math.random().toString(36).slice(2)}`;

/** The directory's routes (issue 13). */
const DIRECTORY: Endpoint[] = [
  { name: 'create enterprise', level: 'enterprise', allowed: OPS, request: () => ({ method: 'POST', url: '/enterprises', body: { name: unique('enterprise') } }) },
  { name: 'rename enterprise', level: 'enterprise', allowed: OPS, request: (t) => ({ method: 'PATCH', url: `/enterprises/${t.enterpriseId}`, body: { name: 'Matrix Ltd' } }) },
  { name: 'directory changes', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/changes` }) },
  { name: 'no-recipient records', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/notifications/no-recipient` }) },
  { name: 'settings', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/settings` }) },
  { name: 'change settings', level: 'enterprise', allowed: ADMIN, request: (t) => ({ method: 'PUT', url: `/enterprises/${t.enterpriseId}/settings`, body: { approvalThreshold: null } }) },
  { name: 'add account', level: 'enterprise', allowed: OPS, request: (t) => ({ method: 'POST', url: `/enterprises/${t.enterpriseId}/accounts`, body: { name: unique('account') } }) },
  {
    name: 'import accounts (dry run)', level: 'enterprise', allowed: OPS,
    request: (t) => ({ method: 'POST', url: `/enterprises/${t.enterpriseId}/accounts/import?dryRun=true`, body: { rows: [{ externalId: unique('x'), name: 'Imported' }] } }),
  },
  { name: 'rename account', level: 'account', allowed: OPS_AND_ADMIN, request: (t) => ({ method: 'PATCH', url: `/accounts/${t.accountId}`, body: { name: 'Matrix member' } }) },
  { name: 'contacts', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/contacts` }) },
  {
    name: 'set contacts', level: 'account', allowed: OPS_AND_ADMIN,
    request: (t) => ({ method: 'PUT', url: `/accounts/${t.accountId}/contacts`, body: { contacts: [{ address: 'matrix@acme.example' }] } }),
  },
  { name: 'close account', level: 'account', allowed: OPS, request: (t) => ({ method: 'POST', url: `/accounts/${t.spareId}/close` }) },
  { name: 'reopen account', level: 'account', allowed: OPS, request: (t) => ({ method: 'POST', url: `/accounts/${t.spareId}/reopen` }) },
  { name: 'tokens', level: 'enterprise', allowed: OPS_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/tokens?enterpriseId=${t.enterpriseId}` }) },
  {
    name: 'issue token', level: 'account', allowed: OPS_AND_ADMIN,
    request: (t) => ({ method: 'POST', url: '/tokens', body: { role: 'member', name: 'Matrix member', enterpriseId: t.enterpriseId, accountId: t.accountId } }),
  },
  { name: 'revoke token', level: 'enterprise', allowed: OPS_AND_ADMIN, request: (t) => ({ method: 'DELETE', url: `/tokens/${t.tokenId}` }) },
];

/** Every authenticated route (GET /enterprises, which has no target, is tested on its own). */
export const ENDPOINTS: Endpoint[] = [
  { name: 'enterprise', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}` }) },
  { name: 'ops health', level: 'enterprise', allowed: OPS, request: (t) => ({ method: 'GET', url: `/ops/health?enterpriseId=${t.enterpriseId}` }) },
  { name: 'enterprise credit', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/credit` }) },
  { name: 'enterprise totals', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/totals` }) },
  { name: 'pending approvals', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/approvals?enterpriseId=${t.enterpriseId}` }) },
  { name: 'enterprise credit history', level: 'enterprise', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/credit/history` }) },
  { name: 'account list', level: 'enterprise', allowed: ALL, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/accounts` }) },
  { name: 'account export', level: 'enterprise', allowed: ALL, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/accounts.csv?all=true` }) },
  { name: 'account', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}` }) },
  { name: 'account transactions', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/transactions` }) },
  { name: 'account coupons', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/coupons` }) },
  { name: 'account alert history', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/alert-history` }) },
  { name: 'account balance history', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/balance-history?days=7` }) },
  { name: 'account credit history', level: 'account', allowed: ALL, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/credit/history` }) },
  { name: 'maximum transfer', level: 'account', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/transfers/maximum?from=${t.accountId}&to=${t.peerId}` }) },
  { name: 'maximum withdrawal', level: 'account', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/withdrawals/maximum?from=${t.accountId}&to=${t.peerId}` }) },
  { name: 'transfer preview', level: 'account', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/transfers/preview?from=${t.accountId}&to=${t.peerId}&amount=0.01` }) },
  { name: 'withdrawal preview', level: 'account', allowed: STAFF_AND_ADMIN, request: (t) => ({ method: 'GET', url: `/withdrawals/preview?from=${t.accountId}&to=${t.peerId}` }) },
  { name: 'credit-limit preview', level: 'account', allowed: ADMIN, request: (t) => ({ method: 'GET', url: `/accounts/${t.accountId}/credit-limit/preview?newLimit=0` }) },
  { name: 'credit-limit move preview', level: 'account', allowed: ADMIN, request: (t) => ({ method: 'GET', url: `/credit-limit-moves/preview?from=${t.accountId}&to=${t.peerId}` }) },
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
  { name: 'webhooks', level: 'enterprise', allowed: ADMIN, request: (t) => ({ method: 'GET', url: `/enterprises/${t.enterpriseId}/webhooks` }) },
  {
    name: 'register webhook', level: 'enterprise', allowed: ADMIN,
    request: (t) => ({ method: 'POST', url: `/enterprises/${t.enterpriseId}/webhooks`, body: { url: 'https://hooks.example.com/matrix', events: ['alert.low_balance'] } }),
  },
  ...DIRECTORY,
];
