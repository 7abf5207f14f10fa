import type { Db } from '../db/connection';
import { getEnterprise, listEnterprises, type EnterpriseSummary } from '../db/directory/enterprises';
import { creditHistory, type CreditChange, type PageRequest } from '../db/ledger/history';
import { enterpriseBalances, enterpriseCredit, type EnterpriseBalances, type EnterpriseCreditFigures } from '../db/ledger/queries';
import { requirePermission } from '../domain/permissions';
import type { Principal } from '../domain/principal';
import { enterpriseInScope } from './scope';

/** Enterprises the caller reaches, each one's credit totals and its credit change records. */
export type { EnterpriseCreditFigures, EnterpriseSummary };

/** Staff see every enterprise, an enterprise admin its own; keyset-paged by id. */
export async function enterprisesFor(db: Db, principal: Principal, page: { limit: number; after?: number }): Promise<EnterpriseSummary[]> {
  requirePermission(principal, 'enterprises.read');
  return listEnterprises(db, { ...page, only: principal.enterpriseId ?? undefined });
}

export async function enterpriseFor(db: Db, principal: Principal, enterpriseId: number): Promise<EnterpriseSummary> {
  return getEnterprise(db, await enterpriseInScope(db, principal, 'enterprises.read', enterpriseId));
}

/** Total (public + hybrid), assigned to members, and available to assign. */
export async function enterpriseCreditFor(db: Db, principal: Principal, enterpriseId: number): Promise<EnterpriseCreditFigures> {
  return enterpriseCredit(db, await enterpriseInScope(db, principal, 'enterprises.read', enterpriseId));
}

/** The figures above the account list: cash and transfer books of all its accounts, and its credit quota. */
export async function enterpriseTotalsFor(db: Db, principal: Principal, enterpriseId: number): Promise<{ balances: EnterpriseBalances; credit: EnterpriseCreditFigures }> {
  const id = await enterpriseInScope(db, principal, 'enterprises.read', enterpriseId);
  return { balances: await enterpriseBalances(db, id), credit: await enterpriseCredit(db, id) };
}

/** Change records of the enterprise's total credit limit, newest first. */
export async function enterpriseCreditHistory(db: Db, principal: Principal, enterpriseId: number, page: PageRequest): Promise<CreditChange[]> {
  return creditHistory(db, { enterpriseId: await enterpriseInScope(db, principal, 'enterprises.read', enterpriseId) }, page);
}
