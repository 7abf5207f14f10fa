import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PERIOD_PATTERN } from '../../domain/periods';
import { issueCoupon, postBilling, POSTINGS, type ChargeTime, type Posted } from '../../services/billing';
import type { ApiContext } from '../context';
import { presentAccount } from '../present';
import { accountSchema, idParams, responses, yuan } from '../schemas';

/**
 * The platform's billing integration (services/billing.ts). Platform ops post; every post must carry an
 * Idempotency-Key (the billing system's own event id), so a resent event moves nothing twice.
 */
const requiredKey = {
  type: 'object',
  required: ['idempotency-key'],
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 150, description: "the billing system's event id" } },
} as const;

const postedSchema = {
  type: 'object',
  properties: { transactionId: { type: 'string' }, replayed: { type: 'boolean' }, couponId: { type: ['string', 'null'] }, account: accountSchema },
} as const;

type Params = { Params: { accountId: number } };

const eventIdOf = (request: FastifyRequest): string => request.headers['idempotency-key'] as string;

const present = ({ result, account }: Posted) => ({
  transactionId: String(result.transactionId),
  replayed: result.replayed,
  couponId: result.refId === null ? null : String(result.refId),
  account: presentAccount(account),
});

/** When a charge was incurred (only charges carry them). */
const chargeTimeFields = {
  period: { type: 'string', maxLength: 20, description: `the billing period, YYYY-MM (${PERIOD_PATTERN}); a closed period's charge goes straight to historical uncleared` },
  usageTime: { type: 'string', maxLength: 40, description: 'ISO 8601 date-time of the usage, when no period is given: its month in the billing time zone (default: now)' },
} as const;

export function billingRoutes(app: FastifyInstance, { db, config }: ApiContext): void {
  const tags = ['billing'];
  for (const [path, { summary }] of Object.entries(POSTINGS)) {
    app.post<Params & { Body: { amount: string } & ChargeTime }>(`/accounts/:accountId/${path}`, {
      schema: {
        tags, summary: `${summary} (platform ops)`, params: idParams('accountId'), headers: requiredKey,
        body: { type: 'object', additionalProperties: false, required: ['amount'], properties: { amount: yuan, ...(path === 'charges' ? chargeTimeFields : {}) } },
        response: responses(postedSchema, 201),
      },
    }, async (request, reply) => {
      const { amount, ...chargeTime } = request.body;
      const posted = await postBilling(db, request.principal, {
        kind: path as keyof typeof POSTINGS, accountId: request.params.accountId, amount, eventId: eventIdOf(request), chargeTime, timeZone: config.billing.timeZone,
      });
      return reply.status(201).send(present(posted));
    });
  }

  app.post<Params & { Body: { amount: string; validFrom: string; validTo: string } }>('/accounts/:accountId/coupons', {
    schema: {
      tags, summary: 'Issue a coupon valid from validFrom until validTo (platform ops)', params: idParams('accountId'), headers: requiredKey,
      body: {
        type: 'object', additionalProperties: false, required: ['amount', 'validFrom', 'validTo'],
        properties: { amount: yuan, validFrom: { type: 'string', maxLength: 40, description: 'ISO 8601 date-time' }, validTo: { type: 'string', maxLength: 40, description: 'ISO 8601 date-time' } },
      },
      response: responses(postedSchema, 201),
    },
  }, async (request, reply) => {
    const posted = await issueCoupon(db, request.principal, { accountId: request.params.accountId, ...request.body, eventId: eventIdOf(request) });
    return reply.status(201).send(present(posted));
  });
}
