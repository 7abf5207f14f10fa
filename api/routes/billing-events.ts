import type { FastifyInstance } from 'fastify';
import { PERIOD_PATTERN } from '../../domain/periods';
import { EVENT_KINDS, MAX_EVENTS, postBillingEvents, type BillingEvent, type EventAnswer } from '../../services/billing-events';
import type { ApiContext } from '../context';
import { errorBody } from '../errors';
import { errorResponse, id, nullable, responses, yuan } from '../schemas';

const text = (maxLength: number, description: string) => ({ type: 'string', maxLength, description }) as const;

const eventSchema = {
  type: 'object', additionalProperties: false, required: ['eventId', 'kind', 'accountId', 'amount'],
  properties: {
    eventId: { type: 'string', minLength: 1, maxLength: 150, description: "the billing system's event id: the same id (and kind) again moves nothing" },
    kind: { type: 'string', enum: Object.keys(EVENT_KINDS) },
    accountId: id,
    amount: yuan,
    period: text(20, `charges: the billing period, YYYY-MM (${PERIOD_PATTERN})`),
    usageTime: text(40, "charges without a period: ISO 8601 date-time of the usage (its month in the billing time zone; default now)"),
    validFrom: text(40, 'coupons: ISO 8601 date-time'),
    validTo: text(40, 'coupons: ISO 8601 date-time'),
  },
} as const;

const answerSchema = {
  type: 'object',
  properties: {
    index: { type: 'integer' }, eventId: { type: 'string' }, kind: { type: 'string' },
    status: { type: 'string', enum: ['posted', 'replayed', 'refused'] },
    transactionId: nullable({ type: 'string' }), couponId: nullable({ type: 'string' }),
    error: nullable({ ...errorResponse.properties.error, type: 'object' }),
  },
} as const;

const present = (answers: EventAnswer[]) => ({
  posted: answers.filter((a) => a.status === 'posted').length,
  replayed: answers.filter((a) => a.status === 'replayed').length,
  refused: answers.filter((a) => a.status === 'refused').length,
  events: answers.map((a) => ({
    ...a, transactionId: a.transactionId === null ? null : String(a.transactionId), couponId: a.couponId === null ? null : String(a.couponId),
    error: a.error === null ? null : errorBody(a.error).error,
  })),
});

/** Billing events in bulk (services/billing-events.ts): the platform's billing posts a batch in one request. */
export function billingEventRoutes(app: FastifyInstance, { db, config }: ApiContext): void {
  app.post<{ Body: { events: BillingEvent[] } }>('/billing/events', {
    schema: {
      tags: ['billing'],
      summary: `Post up to ${MAX_EVENTS} billing events at once (top-ups, charges, repayments, credit refunds, coupons; platform ops). Each is idempotent by its event id and answered on its own: posted, replayed, or refused with its code`,
      body: {
        type: 'object', additionalProperties: false, required: ['events'],
        properties: { events: { type: 'array', minItems: 1, maxItems: MAX_EVENTS, items: eventSchema } },
      },
      response: responses({
        type: 'object',
        properties: { posted: { type: 'integer' }, replayed: { type: 'integer' }, refused: { type: 'integer' }, events: { type: 'array', items: answerSchema } },
      }),
    },
  }, async (request) => present(await postBillingEvents(db, request.principal, request.body.events, config.billing.timeZone)));
}
