import type { FastifyInstance } from 'fastify';
import { formatYuan } from '../../domain/money';
import { PERIOD_PATTERN } from '../../domain/periods';
import { periodCloseStatus, startPeriodClose, type PeriodClose, type PeriodCloseDeps } from '../../services/billing-periods';
import { serviceDeps, type ApiContext } from '../context';
import { id, nullable, responses, yuan } from '../schemas';

/** Closing a billing period by hand (services/billing-periods.ts): platform ops start it and follow it. */
const periodParams = {
  type: 'object', required: ['period'],
  properties: { period: { type: 'string', maxLength: 20, description: `the billing month, YYYY-MM (${PERIOD_PATTERN}), in the billing time zone; it must have ended` } },
} as const;

const closeSchema = {
  type: 'object',
  properties: {
    closeId: { type: 'string', description: 'the Temporal workflow id of the close' },
    period: { type: 'string' },
    enterpriseId: nullable({ type: 'integer', description: 'null: every enterprise' }),
    state: { type: 'string', enum: ['running', 'closed', 'failed'] },
    stage: nullable({ type: 'string', description: 'closing, expiring_coupons or closed' }),
    accountsClosed: { type: 'integer', description: "accounts whose period's monthly uncleared was moved to historical" },
    amountMoved: { ...yuan, description: 'yuan moved from monthly to historical uncleared' },
    couponsExpired: { type: 'integer' },
    error: nullable({ type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } }),
  },
} as const;

const present = (c: PeriodClose) => ({ ...c, amountMoved: formatYuan(c.amountMoved) });

type Params = { Params: { period: string } };

export function billingPeriodRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const tags = ['billing'];
  const deps: PeriodCloseDeps = { ...serviceDeps(ctx), timeZone: ctx.config.billing.timeZone };

  app.post<Params & { Body: { enterpriseId?: number } }>('/billing/periods/:period/close', {
    schema: {
      tags, summary: "Close a billing period by hand: its monthly uncleared becomes historical, for every enterprise or one (platform ops). Answers at once; follow it with GET",
      params: periodParams,
      body: { type: 'object', additionalProperties: false, properties: { enterpriseId: { ...id, description: 'close only this enterprise (default: every enterprise)' } } },
      response: responses(closeSchema, 202),
    },
  }, async (request, reply) => {
    const close = await startPeriodClose(deps, { principal: request.principal, period: request.params.period, enterpriseId: request.body?.enterpriseId });
    return reply.status(202).send(present(close));
  });

  app.get<Params & { Querystring: { enterpriseId?: number } }>('/billing/periods/:period/close', {
    schema: {
      tags, summary: "The latest close of a billing period (for every enterprise, or the one named): its progress and what it moved (platform ops)",
      params: periodParams,
      querystring: { type: 'object', additionalProperties: false, properties: { enterpriseId: id } },
      response: responses(closeSchema),
    },
  }, async (request) => present(await periodCloseStatus(deps, { principal: request.principal, period: request.params.period, enterpriseId: request.query.enterpriseId })));
}
