import type { Db } from '../db/connection';
import * as ledger from '../db/ledger/operations';
import { getAccount, type AccountFigures } from '../db/ledger/queries';
import { parseYuan } from '../domain/money';
import { billingPeriod } from '../domain/periods';
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
  charges: {
    summary: "Post a usage charge of a billing period (period, else usageTime's month, else this month): coupons, then transfer books, own cash, then credit",
    post: ledger.consume,
  },
  repayments: { summary: 'Repay credit-paid usage: the oldest billing period first', post: ledger.repay },
  'credit-refunds': { summary: 'Refund usage that was paid on credit (never more than is not yet refunded)', post: ledger.creditRefund },
} as const;

export type PostingKind = keyof typeof POSTINGS | 'coupons';

export interface Posted {
  result: ledger.LedgerResult;
  account: AccountFigures;
}

/** The ledger key of a billing event: the same whether it is posted alone or in a batch. */
export const keyOf = (kind: PostingKind, eventId: string) => `billing:${kind}:${eventId}`;

async function answer(db: Db, accountId: number, result: ledger.LedgerResult): Promise<Posted> {
  return { result, account: await getAccount(db, accountId) };
}

/** When a charge was incurred: its billing period as the event gives it, else its usage time (default: now). */
export interface ChargeTime { period?: string; usageTime?: string }

/**
 * The billing period of a charge: the event's own (the ledger checks its form), else the month of its usage
 * time in the billing time zone.
 */
export function chargePeriod(t: ChargeTime, timeZone: string, now: Date = new Date()): string {
  if (t.period !== undefined) return t.period;
  const at = t.usageTime === undefined ? now : new Date(t.usageTime);
  if (Number.isNaN(at.getTime())) throw new UamError('VALIDATION_FAILED', 'usageTime: must be an ISO 8601 date-time', { field: 'usageTime' });
  return billingPeriod(at, timeZone);
}

/**
 * Posts a top-up, charge, repayment or credit refund of `amount` (yuan) under the billing event id. A charge
 * belongs to the billing period `chargeTime` names (see chargePeriod).
 */
export async function postBilling(db: Db, principal: Principal, p: {
  kind: keyof typeof POSTINGS; accountId: number; amount: string; eventId: string; chargeTime?: ChargeTime; timeZone: string;
}): Promise<Posted> {
  const account = await accountInScope(db, principal, 'billing.post', p.accountId);
  const amount = parseYuan(p.amount);
  const period = p.kind === 'charges' ? chargePeriod(p.chargeTime ?? {}, p.timeZone) : undefined;
  const result = await POSTINGS[p.kind].post(db, { key: keyOf(p.kind, p.eventId), accountId: account.id, amount, actor: actorOf(principal), period });
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
