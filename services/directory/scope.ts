import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
import { findAccount, type AccountEntry } from '../../db/directory/accounts';
import { type Action, reachesAccount, reachesEnterprise, requirePermission } from '../../domain/permissions';
import type { Principal } from '../../domain/principal';

/**
 * The directory's one scope check. A role that may never do `action` is refused (403) before anything is read;
 * an enterprise or account outside the caller's reach answers exactly like one that does not exist (404).
 */
export async function reachEnterprise(db: Knex, principal: Principal, action: Action, enterpriseId: number): Promise<number> {
  requirePermission(principal, action);
  const notFound = new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} not found`, { enterpriseId });
  if (!reachesEnterprise(principal, enterpriseId)) throw notFound;
  // A principal's own enterprise exists (foreign key); only staff can name one that does not.
  if (principal.enterpriseId === enterpriseId) return enterpriseId;
  if (!(await db('enterprises').where({ id: enterpriseId }).first('id'))) throw notFound;
  return enterpriseId;
}

export async function reachAccount(db: Knex, principal: Principal, action: Action, accountId: number): Promise<AccountEntry> {
  requirePermission(principal, action);
  const account = await findAccount(db, accountId);
  if (!account || !reachesAccount(principal, account)) throw new UamError('ACCOUNT_NOT_FOUND', `account ${accountId} not found`, { accountId });
  return account;
}
