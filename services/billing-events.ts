import { UamError } from '../core/errors';
import { toUamError } from '../core/failures';
import type { Db } from '../db/connection';
import { postEvents, type LedgerEvent } from '../db/ledger/events';
import { parseYuan } from '../domain/money';
import { requirePermission } from '../domain/permissions';
import { actorOf, type Principal } from '../domain/principal';
import { chargePeriod, keyOf, type ChargeTime, type PostingKind } from './billing';

/** The kinds of billing event, each the same posting as its single route (services/billing.ts), under the same key. */
export const EVENT_KINDS = {
  'top-up': { posting: 'top-ups', ledger: 'top_up' },
  charge: { posting: 'charges', ledger: 'consume' },
  repayment: { posting: 'repayments', ledger: 'repay' },
  'credit-refund': { posting: 'credit-refunds', ledger: 'credit_refund' },
  coupon: { posting: 'coupons', ledger: 'coupon' },
} as const satisfies Record<string, { posting: PostingKind; ledger: LedgerEvent['kind'] }>;

export type EventKind = keyof typeof EVENT_KINDS;

export interface BillingEvent extends ChargeTime {
  eventId: string;
  kind: EventKind;
  accountId: number;
  /** Yuan. */
  amount: string;
  /** Coupons: ISO 8601 date-times. */
  validFrom?: string;
  validTo?: string;
}

export interface EventAnswer {
  index: number;
  eventId: string;
  kind: EventKind;
  status: 'posted' | 'replayed' | 'refused';
  transactionId: bigint | null;
  couponId: bigint | null;
  error: UamError | null;
}

export const MAX_EVENTS = 1000;

function dateOf(value: string | undefined, field: string): Date {
  const at = value === undefined ? new Date(Number.NaN) : new Date(value);
  if (Number.isNaN(at.getTime())) throw new UamError('VALIDATION_FAILED', `${field}: must be an ISO 8601 date-time`, { field });
  return at;
}

/** The event as the ledger takes it; a value the edge must refuse (amount, usage time, coupon dates) throws. */
function toLedger(e: BillingEvent, index: number, timeZone: string): LedgerEvent {
  const kind = EVENT_KINDS[e.kind];
  const event: LedgerEvent = { index, key: keyOf(kind.posting, e.eventId), kind: kind.ledger, accountId: e.accountId, amount: parseYuan(e.amount) };
  if (e.kind === 'charge') event.period = chargePeriod(e, timeZone);
  if (e.kind === 'coupon') Object.assign(event, { validFrom: dateOf(e.validFrom, 'validFrom'), validTo: dateOf(e.validTo, 'validTo') });
  return event;
}

/**
 * Posts up to 1,000 billing events in one ledger call (platform ops). Each is idempotent by its event id and
 * answered on its own — posted, replayed, or refused with its code — and a refused event never blocks the others.
 */
export async function postBillingEvents(db: Db, principal: Principal, events: BillingEvent[], timeZone: string): Promise<EventAnswer[]> {
  requirePermission(principal, 'billing.post');
  if (principal.enterpriseId !== null) throw new UamError('FORBIDDEN', 'only platform staff post billing events', { action: 'billing.post' });
  if (events.length > MAX_EVENTS) {
    throw new UamError('VALIDATION_FAILED', `events: at most ${MAX_EVENTS} in one request`, { field: 'events', maximum: MAX_EVENTS });
  }
  const answers: EventAnswer[] = events.map((e, index) => ({
    index, eventId: e.eventId, kind: e.kind, status: 'refused', transactionId: null, couponId: null, error: null,
  }));
  const ready: LedgerEvent[] = [];
  events.forEach((e, index) => {
    try {
      ready.push(toLedger(e, index, timeZone));
    } catch (err) {
      answers[index]!.error = toUamError(err);
    }
  });
  for (const outcome of await postEvents(db, ready, actorOf(principal))) {
    const answer = answers[outcome.index]!;
    if (outcome.error) {
      answer.error = outcome.error;
      continue;
    }
    const { transactionId, replayed, refId } = outcome.result;
    Object.assign(answer, { status: replayed ? 'replayed' : 'posted', transactionId, couponId: answer.kind === 'coupon' ? refId : null });
  }
  return answers;
}
