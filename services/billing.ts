import type { Db } from '../db/connection';
import * as ledger from '../db/ledger/operations';
import { getAccount, type AccountFigures } from '../db/ledger/queries';
import { parseYuan } from '../domain/money';
import { actorOf, type Principal } from '../domain/principal';
import { UamError } from '../core/errors';
import { accountInScope } from './scope';

/**
 * The platform's billing integration: money entering and leaving an account from outside uam (top-ups, usage
 * charges, repayments, refunds of credit-paid usage, coupons). Platform ops post them, each under the billing
 * system's own event id, so a resent event moves nothing twice. The ledger checks every rule.
 */
export const POSTINGS = {
  'top-ups': { summary: 'Top up own cash', post: ledger.topUp },
  charges: { summary: 'Post a usage charge: coupons, then transfer books, own cash, then credit', post: ledger.consume },
  repayments: { summary: 'Repay credit-paid usage: historical uncleared first, then this month', post: ledger.repay },
  'credit-refunds': { summary: 'Refund usage that was paid on credit (never more than is not yet refunded)', post: ledger.creditRefund },
} as const;

export type PostingKind = keyof typeof POSTINGS | 'coupons';

export interface Posted {
  result: ledger.LedgerResult;
  account: AccountFigures;
}

const keyOf = (kind: PostingKind, eventId: string) => `billing:${kind}:${eventId}`;

async function answer(db: Db, accountId: number, result: ledger.LedgerResult): Promise<Posted> {
  return { result, account: await getAccount(db, accountId) };
}

/** Posts a top-up, charge, repayment or credit refund of `amount` (yuan) under the billing event id. */
export async function postBilling(db: Db, principal: Principal, p: { kind: keyof typeof POSTINGS; accountId: number; amount: string; eventId: string }): Promise<Posted> {
  const account = await accountInScope(db, principal, 'billing.post', p.accountId);
  const amount = parseYuan(p.amount);
  const result = await POSTINGS[p.kind].post(db, { key: keyOf(p.kind, p.eventId), accountId: account.id, amount, actor: actorOf(principal) });
  return answer(db, account.id, result);
}

/** Issues a coupon of `amount` (yuan) valid from `validFrom` until `validTo` (ISO 8601). */
export async function issueCoupon(db: Db, principal: Principal, p: { accountId: number; amount: string; validFrom: string; validTo: string; eventId: string }): Promise<Posted> {
  const account = await accountInScope(db, principal, 'billing.post', p.accountId);
  const [validFrom, validTo] = [new Date(p.validFrom), new Date(p.validTo)];
  if (Number.isNaN(validFrom.getTime()) || Number.isNaN(validTo.getTime())) {
    throw new UamError('VALIDATION_FAILED', 'validFrom, validTo: must be ISO 8601 date-times', { field: 'validFrom' });
  }
  const result = await ledger.issueCoupon(db, {
    key: keyOf('coupons', p.eventId), accountId: account.id, amount: parseYuan(p.amount), validFrom, validTo, actor: actorOf(principal),
  });
  return answer(db, account.id, result);
}
