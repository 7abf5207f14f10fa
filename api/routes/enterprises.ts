import type { FastifyInstance } from 'fastify';
import { formatYuan } from '../../domain/money';
import { enterpriseCreditFor, enterpriseCreditHistory, enterpriseFor, enterprisesFor, enterpriseTotalsFor } from '../../services/enterprises';
import type { ApiContext } from '../context';
import { enterpriseSchema, presentEnterprise } from '../present-directory';
import { historyPage, pageRequest, presentCreditChange, presentEnterpriseCredit } from '../present';
import { creditChangeSchema, historyPage as historyPageSchema, historyQuery, id, idParams, nullable, responses, yuan } from '../schemas';

const creditSchema = {
  type: 'object',
  properties: {
    enterpriseId: { type: 'integer' },
    publicCloud: yuan, hybridCloud: yuan, total: yuan, assigned: yuan, available: yuan,
  },
} as const;

const totalsSchema = {
  type: 'object',
  properties: {
    enterpriseId: { type: 'integer' }, cashBalance: yuan, transferBook: yuan, held: yuan, credit: creditSchema,
  },
} as const;

type EnterpriseParams = { Params: { enterpriseId: number } };

/** Enterprises the caller reaches, and each one's credit totals and credit change records. */
export function enterpriseRoutes(app: FastifyInstance, { db }: ApiContext): void {
  const tags = ['enterprises'];

  app.get<{ Querystring: { limit: number; after?: number } }>('/enterprises', {
    schema: {
      tags, summary: 'Enterprises the caller may see (staff: all; an enterprise admin: its own)',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 }, after: { ...id, minimum: 0 } },
      },
      response: responses({ type: 'object', properties: { items: { type: 'array', items: enterpriseSchema }, next: nullable({ type: 'integer' }) } }),
    },
  }, async (request) => {
    const { limit, after } = request.query;
    const rows = await enterprisesFor(db, request.principal, { limit, after });
    const last = rows[rows.length - 1];
    return { items: rows.map(presentEnterprise), next: rows.length === limit && last ? last.id : null };
  });

  app.get<EnterpriseParams>('/enterprises/:enterpriseId', {
    schema: { tags, summary: 'One enterprise', params: idParams('enterpriseId'), response: responses(enterpriseSchema) },
  }, async (request) => presentEnterprise(await enterpriseFor(db, request.principal, request.params.enterpriseId)));

  app.get<EnterpriseParams>('/enterprises/:enterpriseId/credit', {
    schema: { tags, summary: 'Enterprise credit: total (public + hybrid), assigned to members, available to assign', params: idParams('enterpriseId'), response: responses(creditSchema) },
  }, async (request) => presentEnterpriseCredit(await enterpriseCreditFor(db, request.principal, request.params.enterpriseId)));

  app.get<EnterpriseParams>('/enterprises/:enterpriseId/totals', {
    schema: {
      tags, summary: "The enterprise's totals: cash and transfer books of all its accounts, held funds, and its credit quota",
      params: idParams('enterpriseId'), response: responses(totalsSchema),
    },
  }, async (request) => {
    const { balances, credit } = await enterpriseTotalsFor(db, request.principal, request.params.enterpriseId);
    return {
      enterpriseId: credit.enterpriseId, cashBalance: formatYuan(balances.cashBalance), transferBook: formatYuan(balances.transferBook),
      held: formatYuan(balances.held), credit: presentEnterpriseCredit(credit),
    };
  });

  app.get<EnterpriseParams & { Querystring: { limit: number; before?: string } }>('/enterprises/:enterpriseId/credit/history', {
    schema: {
      tags, summary: 'Change records of the enterprise total credit limit, newest first',
      params: idParams('enterpriseId'), querystring: historyQuery, response: responses(historyPageSchema(creditChangeSchema)),
    },
  }, async (request) => {
    const rows = await enterpriseCreditHistory(db, request.principal, request.params.enterpriseId, pageRequest(request.query));
    return historyPage(rows, request.query.limit, presentCreditChange);
  });
}
