import type { Db } from '../db/connection';
import { alertHistory, type AlertRecord } from '../db/alerts/history';
import { balanceHistory, type BalanceHistory } from '../db/ledger/balance-history';
import { validCoupons, type ValidCoupon } from '../db/ledger/coupons';
import type { Principal } from '../domain/principal';
import { accountInScope } from './scope';

/**
 * What the account details screen tells beside the figures: the coupons it can spend, its alert crossings and
 * the course of its available quota — each inside the caller's scope (a member sees only itself).
 */
export type { AlertRecord, BalanceHistory, ValidCoupon };

/** Most postings one balance history returns (the newest; the series says when older ones were left out). */
export const MAX_BALANCE_POINTS = 2000;

export async function accountCoupons(db: Db, principal: Principal, accountId: number): Promise<ValidCoupon[]> {
  const account = await accountInScope(db, principal, 'accounts.read', accountId);
  return validCoupons(db, account.id);
}

export async function accountAlertHistory(db: Db, principal: Principal, accountId: number, page: { limit: number; before?: bigint }): Promise<AlertRecord[]> {
  const account = await accountInScope(db, principal, 'accounts.read', accountId);
  return alertHistory(db, account.id, page);
}

export async function accountBalanceHistory(db: Db, principal: Principal, accountId: number, days: number): Promise<BalanceHistory> {
  const account = await accountInScope(db, principal, 'accounts.read', accountId);
  return balanceHistory(db, account.id, days, MAX_BALANCE_POINTS);
}
