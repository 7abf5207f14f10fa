import { UamError } from '../core/errors';
import type { Db } from '../db/connection';
import { accountsById, type AccountRef } from '../db/directory/accounts';
import { enterpriseExists } from '../db/directory/enterprises';
import { type Action, reachesAccount, reachesEnterprise, requirePermission } from '../domain/permissions';
import type { Principal } from '../domain/principal';

/**
 * The one place a principal's reach is checked: its role may do the action (else 403 FORBIDDEN), and the
 * enterprise or accounts named lie inside its scope (else 404, exactly as for ids that do not exist, so another
 * enterprise's ids reveal nothing). Every service calls these before it reads or changes anything; nothing
 * below the services checks scope again.
 */
export type { AccountRef };

/** `list`: the request named a list of accounts, so the details name the missing ones as a list too. */
export const accountNotFound = (ids: number[], list = ids.length > 1) =>
  new UamError('ACCOUNT_NOT_FOUND', `account${ids.length > 1 ? 's' : ''} ${ids.join(', ')} not found`,
    list ? { accountIds: ids } : { accountId: ids[0] });

/** Missing and out of reach are the same answer. */
export function requireEnterpriseReach(principal: Principal, enterpriseId: number, notFound: () => UamError): void {
  if (!reachesEnterprise(principal, enterpriseId)) throw notFound();
}

/** The enterprise, if the principal may do `action` there. */
export async function enterpriseInScope(db: Db, principal: Principal, action: Action, enterpriseId: number): Promise<number> {
  requirePermission(principal, action);
  const notFound = () => new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} not found`, { enterpriseId });
  requireEnterpriseReach(principal, enterpriseId, notFound);
  // A principal's own enterprise exists (foreign key); only staff can name one that does not.
  if (principal.enterpriseId !== enterpriseId && !(await enterpriseExists(db, enterpriseId))) throw notFound();
  return enterpriseId;
}

/** The account as `reachesAccount` sees it, or the 404; for services that read the row themselves. */
export function requireAccountReach<A extends { id: number; enterpriseId: number }>(principal: Principal, accountId: number, account: A | null | undefined): A {
  if (!account || !reachesAccount(principal, account)) throw accountNotFound([accountId]);
  return account;
}

/**
 * The rows of the accounts named, in the order named, if the principal reaches every one; for services that
 * read (or lock) the rows themselves. The refusal lists the missing ones.
 */
export function requireAccountsReach<A extends { id: number; enterpriseId: number }>(principal: Principal, accountIds: number[], rows: A[]): A[] {
  const found = new Map(rows.filter((r) => reachesAccount(principal, r)).map((r) => [r.id, r]));
  const missing = [...new Set(accountIds.filter((id) => !found.has(id)))];
  if (missing.length > 0) throw accountNotFound(missing, true);
  return accountIds.map((id) => found.get(id)!);
}

/** The accounts, in the order given, if the principal may do `action` on every one of them. */
export async function accountsInScope(db: Db, principal: Principal, action: Action, accountIds: number[]): Promise<AccountRef[]> {
  requirePermission(principal, action);
  return requireAccountsReach(principal, accountIds, await accountsById(db, accountIds));
}

export async function accountInScope(db: Db, principal: Principal, action: Action, accountId: number): Promise<AccountRef> {
  requirePermission(principal, action);
  const [row] = await accountsById(db, [accountId]);
  return requireAccountReach(principal, accountId, row);
}

/**
 * Both ends of a transfer, withdrawal or credit move, in scope. Ids are checked one at a time, so a foreign id
 * gets the same 404 as a missing one whichever end it is.
 */
export async function accountPairInScope(db: Db, principal: Principal, action: Action, fromId: number, toId: number) {
  const from = await accountInScope(db, principal, action, fromId);
  const to = await accountInScope(db, principal, action, toId);
  return { from, to };
}
