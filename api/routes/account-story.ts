import type { FastifyInstance } from 'fastify';
import { formatYuan } from '../../domain/money';
import { accountAlertHistory, accountBalanceHistory, accountCoupons, type AlertRecord } from '../../services/account-story';
import type { ApiContext } from '../context';
import { historyPage, pageRequest } from '../present';
import { historyPage as historyPageSchema, historyQuery, idParams, nullable, responses, yuan } from '../schemas';

type AccountParams = { Params: { accountId: number } };
const time = { type: 'string', format: 'date-time' } as const;

const couponSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, amount: yuan, remaining: yuan, validFrom: time, validTo: time },
} as const;

const alertRecordSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['fired', 'recovered', 'runway'], description: 'fell below the threshold; back at or above it; fewer days of runway than set' },
    available: yuan, threshold: nullable(yuan), days: nullable({ type: 'integer' }), at: time,
  },
} as const;

const KINDS = { 'alert.low_balance': 'fired', 'alert.recovered': 'recovered', 'alert.runway': 'runway' } as const;

const presentAlert = (a: AlertRecord) => ({
  id: a.id.toString(), kind: KINDS[a.topic], available: formatYuan(a.available),
  threshold: a.threshold === null ? null : formatYuan(a.threshold), days: a.days, at: a.at.toISOString(),
});

const pointSchema = { type: 'object', properties: { at: time, available: yuan, transactionId: nullable({ type: 'string' }) } } as const;

/** What the account details screen reads beside the figures: valid coupons, alert history, the balance's course. */
export function accountStoryRoutes(app: FastifyInstance, { db }: ApiContext): void {
  const tags = ['accounts'];

  app.get<AccountParams>('/accounts/:accountId/coupons', {
    schema: {
      tags, summary: "The account's valid coupons (unexpired, with amount left), the soonest to expire first",
      params: idParams('accountId'), response: responses({ type: 'array', items: couponSchema }),
    },
  }, async (request) => (await accountCoupons(db, request.principal, request.params.accountId)).map((c) => ({
    id: c.id.toString(), amount: formatYuan(c.amount), remaining: formatYuan(c.remaining), validFrom: c.validFrom.toISOString(), validTo: c.validTo.toISOString(),
  })));

  app.get<AccountParams & { Querystring: { limit: number; before?: string } }>('/accounts/:accountId/alert-history', {
    schema: {
      tags, summary: "The account's alert crossings, newest first: each time it fell below its threshold, recovered, or ran short of runway",
      params: idParams('accountId'), querystring: historyQuery, response: responses(historyPageSchema(alertRecordSchema)),
    },
  }, async (request) => {
    const rows = await accountAlertHistory(db, request.principal, request.params.accountId, pageRequest(request.query));
    return historyPage(rows, request.query.limit, presentAlert);
  });

  app.get<AccountParams & { Querystring: { days: number } }>('/accounts/:accountId/balance-history', {
    schema: {
      tags, summary: "The account's available quota over the last `days` days: where it started, then after each posting that changed it",
      params: idParams('accountId'),
      querystring: { type: 'object', additionalProperties: false, properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } } },
      response: responses({
        type: 'object',
        properties: {
          points: { type: 'array', items: pointSchema, description: 'oldest first; the first is the window start (no transaction), the last is today’s available' },
          truncated: { type: 'boolean', description: 'the window held more postings than returned: the oldest were left out' },
        },
      }),
    },
  }, async (request) => {
    const h = await accountBalanceHistory(db, request.principal, request.params.accountId, request.query.days);
    const start = { at: h.start.at.toISOString(), available: formatYuan(h.start.available), transactionId: null };
    const points = h.points.map((p) => ({ at: p.at.toISOString(), available: formatYuan(p.available), transactionId: p.transactionId.toString() }));
    return { points: [start, ...points], truncated: h.truncated };
  });
}
