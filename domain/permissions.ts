import { UamError } from '../core/errors';
import type { Principal, Role } from './principal';

/**
 * Who may do what (DESIGN.md "Security"). A role missing here is refused outright (403); a role listed is
 * then limited to its scope: staff reach every enterprise, an enterprise admin its own enterprise, a member
 * only its own account (see `reaches*` below; outside the scope the API answers 404, never revealing it).
 */
export const PERMISSIONS = {
  /** Enterprise list, enterprise credit totals and history. */
  'enterprises.read': ['account_manager', 'credit_reviewer', 'ops', 'enterprise_admin'],
  /** Account figures, lists, exports, transaction and credit history, maximum transfer/withdrawal amounts. */
  'accounts.read': ['account_manager', 'credit_reviewer', 'ops', 'enterprise_admin', 'member'],
  'alerts.write': ['enterprise_admin'],
  'credit.read': ['account_manager', 'credit_reviewer', 'ops', 'enterprise_admin'],
  'credit.apply': ['account_manager'],
  'credit.decide': ['credit_reviewer'],
  'credit.confirm': ['enterprise_admin'],
  'credit.withdraw': ['account_manager'],
  'limits.write': ['enterprise_admin'],
  'transfers.read': ['account_manager', 'credit_reviewer', 'ops', 'enterprise_admin'],
  'transfers.write': ['enterprise_admin'],
  'notifications.read': ['account_manager', 'credit_reviewer', 'ops', 'enterprise_admin', 'member'],
  /** The platform billing integration: top-ups, usage charges, repayments, credit refunds, coupons. */
  'billing.post': ['ops'],
  /** Closing a billing period by hand (all enterprises or one), and following the close. */
  'billing.close': ['ops'],
  /** The health of Postgres, migrations, Redis, Temporal and the queues (`uam doctor` through the API). */
  'ops.health': ['ops'],
  /** The queue dashboard (/admin/queues): retry and clean jobs. */
  'queues.manage': ['ops'],
  /** The directory, as the platform runs it: create and rename enterprises; add, import, close and reopen accounts. */
  'directory.write': ['ops'],
  /** Rename accounts and edit their contacts (an enterprise admin: its own enterprise's). */
  'accounts.edit': ['ops', 'enterprise_admin'],
  /** The enterprise's own settings: second-admin approval threshold, finance contacts. */
  'settings.write': ['enterprise_admin'],
  /** Funding policies: only the enterprise admin sees and manages its own. */
  'funding.manage': ['enterprise_admin'],
  /** The enterprise's webhook endpoints: register, list, read deliveries, resend. */
  'webhooks.manage': ['enterprise_admin'],
  /** API tokens of an enterprise's people (ops: every token, staff ones included). */
  'tokens.manage': ['ops', 'enterprise_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function roleMay(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** A role that may never do `action` gets FORBIDDEN (403) before anything is read or changed. */
export function requirePermission(principal: Principal, action: Action): Principal {
  if (!roleMay(principal.role, action)) {
    throw new UamError('FORBIDDEN', `a ${principal.role.replace('_', ' ')} may not ${action.replace('.', ' ')}`, { role: principal.role, action });
  }
  return principal;
}

/** Staff reach every enterprise; enterprise admins and members only their own. */
export function reachesEnterprise(p: Principal, enterpriseId: number): boolean {
  return p.enterpriseId === null || p.enterpriseId === enterpriseId;
}

/** Members reach only their own account; everyone else every account of the enterprises they reach. */
export function reachesAccount(p: Principal, account: { id: number; enterpriseId: number }): boolean {
  if (p.role === 'member') return p.accountId === account.id;
  return reachesEnterprise(p, account.enterpriseId);
}
