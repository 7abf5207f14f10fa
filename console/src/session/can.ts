import { roleMay, type Action } from '../../../domain/permissions';
import { STAFF_ROLES, type Role } from '../../../domain/principal';

export type { Role };
export interface Me { id: number; name: string; role: Role; enterpriseId: number | null; accountId: number | null }

/**
 * The one place that decides what a signed-in principal is offered: the API's own permission table
 * (domain/permissions.ts), so nothing is shown that the API would refuse for the role.
 */
export const can = (me: Pick<Me, 'role'> | undefined, action: Action): boolean => !!me && roleMay(me.role, action);

/** Staff serve every enterprise, so they pick one; admins and members are bound to theirs. */
export const picksEnterprise = (me: Pick<Me, 'role'>): boolean => STAFF_ROLES.includes(me.role);
