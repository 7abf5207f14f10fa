/**
 * Who is making a request: an API token's owner. Staff roles (account_manager, credit_reviewer, ops) belong
 * to no enterprise; an enterprise admin (the MA account) to one enterprise; a member to one account.
 */
export const ROLES = ['account_manager', 'credit_reviewer', 'enterprise_admin', 'member', 'ops'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ['account_manager', 'credit_reviewer', 'ops'];

export interface Principal {
  id: number;
  name: string;
  role: Role;
  /** Set for enterprise_admin and member, null for staff. */
  enterpriseId: number | null;
  /** Set for member (its own account); for an enterprise admin, its MA account when known. */
  accountId: number | null;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isStaff(p: Pick<Principal, 'role'>): boolean {
  return STAFF_ROLES.includes(p.role);
}

/** The `actor` string every ledger change and change record carries: `principal:<id>:<name>`. */
export function actorOf(p: Pick<Principal, 'id' | 'name'>): string {
  return `principal:${p.id}:${p.name}`;
}
