import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UamError } from '../../core/errors';
import * as ledger from '../../db/ledger/operations';
import { getAccount } from '../../db/ledger/queries';
import { parseYuan } from '../../domain/money';
import { accountFor, actorFor } from '../auth';
import type { ApiContext } from '../context';
import { presentAccount } from '../present';
import { accountSchema, idParams, responses, yuan } from '../schemas';

/**
 * The platform's billing integration: money entering and leaving an account from outside uam (top-ups, usage
 * charges, repayments, refunds of credit-paid usage, coupons). Platform ops post them; every post must carry an
 * Idempotency-Key (the billing system's own event id), so a resent event moves nothing twice.
 */
const POSTINGS = {
  'top-ups': { summary: 'Top up own cash', post: ledger.topUp },
  charges: { summary: 'Post a usage charge: coupons, then transfer books, own cash, then credit', post: ledger.consume },
  repayments: { summary: 'Repay credit-paid usage: historical uncleared first, then this month', post: ledger.repay },
  'credit-refunds': { summary: 'Refund usage that was paid on credit', post: ledger.creditRefund },
} as const;

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

function keyOf(request: FastifyRequest, kind: string): string {
  return `billing:${kind}:${request.headers['idempotency-key'] as string}`;
}

async function answer(ctx: ApiContext, accountId: number, result: ledger.LedgerResult) {
  return {
    transactionId: String(result.transactionId),
    replayed: result.replayed,
    couponId: result.refId === null ? null : String(result.refId),
    account: presentAccount(await getAccount(ctx.db, accountId)),
  };
}

export function billingRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const tags = ['billing'];
  for (const [path, { summary, post }] of Object.entries(POSTINGS)) {
    app.post<Params & { Body: { amount: string } }>(`/accounts/:accountId/${path}`, {
      schema: {
        tags, summary: `${summary} (platform ops)`, params: idParams('accountId'), headers: requiredKey,
        body: { type: 'object', additionalProperties: false, required: ['amount'], properties: { amount: yuan } },
        response: responses(postedSchema, 201),
      },
    }, async (request, reply) => {
      const account = await accountFor(ctx.db, request, 'billing.post', request.params.accountId);
      const amount = parseYuan(request.body.amount);
      const result = await post(ctx.db, { key: keyOf(request, path), accountId: account.id, amount, actor: actorFor(request) });
      return reply.status(201).send(await answer(ctx, account.id, result));
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
    const account = await accountFor(ctx.db, request, 'billing.post', request.params.accountId);
    const [validFrom, validTo] = [new Date(request.body.validFrom), new Date(request.body.validTo)];
    if (Number.isNaN(validFrom.getTime()) || Number.isNaN(validTo.getTime())) {
      throw new UamError('VALIDATION_FAILED', 'validFrom, validTo: must be ISO 8601 date-times', { field: 'validFrom' });
    }
    const result = await ledger.issueCoupon(ctx.db, {
      key: keyOf(request, 'coupons'), accountId: account.id, amount: parseYuan(request.body.amount), validFrom, validTo, actor: actorFor(request),
    });
    return reply.status(201).send(await answer(ctx, account.id, result));
  });
}
