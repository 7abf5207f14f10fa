import type { Knex } from 'knex';
import { findAccount, type AccountEntry } from '../../db/directory/accounts';
import { type Action, requirePermission } from '../../domain/permissions';
import type { Principal } from '../../domain/principal';
import { enterpriseInScope, requireAccountReach } from '../scope';

/**
 * The directory's scope checks, made by services/scope.ts (the one place reach is decided): a role that may
 * never do `action` is refused (403) before anything is read; an enterprise or account outside the caller's
 * reach answers exactly like one that does not exist (404).
 */
export const reachEnterprise = (db: Knex, principal: Principal, action: Action, enterpriseId: number): Promise<number> =>
  enterpriseInScope(db, principal, action, enterpriseId);

/** The account as the directory reads it (name, status, external id), if the principal reaches it. */
export async function reachAccount(db: Knex, principal: Principal, action: Action, accountId: number): Promise<AccountEntry> {
  requirePermission(principal, action);
  return requireAccountReach(principal, accountId, await findAccount(db, accountId));
}
