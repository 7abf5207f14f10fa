import type { FastifyInstance } from 'fastify';
import { formatYuan } from '../../domain/money';
import {
  ACCOUNT_SORTS, MAX_PAGE_SIZE, accountCreditHistory, accountUncleared, accountDetail, accountListJsonFor, accountTransactions, type AccountListFilter,
} from '../../services/accounts';
import type { ApiContext } from '../context';
import { historyPage, pageRequest, presentAccount, presentCreditChange, presentEntry } from '../present';
import { accountSchema, creditChangeSchema, historyPage as historyPageSchema, historyQuery, idParams, nullable, responses, yuan } from '../schemas';

/** The account list's query: sorting, keyset paging and filters (shared with the CSV export). */
export const accountListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sort: { type: 'string', enum: ACCOUNT_SORTS, default: 'id' },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 },
    cursor: { type: 'string', maxLength: 400, description: 'the `next` value of the previous page' },
    status: { type: 'string', enum: ['active', 'stopped', 'closed'] },
    alerting: { type: 'boolean', description: 'only accounts whose low-balance alert has fired' },
    search: { type: 'string', minLength: 1, maxLength: 100, description: 'part of the account name' },
  },
} as const;

export type AccountListParams = { Params: { enterpriseId: number }; Querystring: AccountListFilter };

const entrySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, transactionId: { type: 'string' }, kind: { type: 'string' }, book: { type: 'string' },
    sourceAccountId: nullable({ type: 'integer' }), amount: yuan, actor: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' },
    counterparty: {
      type: ['object', 'null'], description: 'the other account of a transfer, withdrawal, hold or credit move',
      properties: { accountId: { type: 'integer' }, name: { type: 'string' } },
    },
    external: nullable({
      type: 'string', description: "the outside book of the transaction: the platform's top-up, consumption, repayment, refund or coupon book, or the enterprise's credit pool",
    }),
  },
} as const;

const accountDetailSchema = {
  ...accountSchema,
  properties: {
    ...accountSchema.properties,
    transferBooks: {
      type: 'array', description: 'transfer-book balance per source account',
      items: {
        type: 'object',
        properties: {
          sourceAccountId: { type: 'integer' }, sourceName: { type: 'string' }, balance: yuan,
          withdrawable: { ...yuan, description: 'what the source may withdraw back now (the withdrawal maximum)' },
        },
      },
    },
  },
} as const;

type AccountParams = { Params: { accountId: number } };

type HistoryParams = AccountParams & { Querystring: { limit: number; before?: string } };

/** Account list of an enterprise, one account's figures, its transactions and credit change records. */
export function accountRoutes(app: FastifyInstance, { db }: ApiContext): void {
  const tags = ['accounts'];

  app.get<AccountListParams>('/enterprises/:enterpriseId/accounts', {
    schema: {
      tags, summary: 'Accounts of an enterprise with their figures: sorted, filtered, keyset-paged (a member sees only itself)',
      params: idParams('enterpriseId'), querystring: accountListQuery,
      response: responses({ type: 'object', properties: { items: { type: 'array', items: accountSchema }, next: nullable({ type: 'string' }) } }),
    },
  }, async (request, reply) => {
    // Already the response's JSON (presentAccount's fields, made by Postgres): sent as it is.
    const page = await accountListJsonFor(db, request.principal, request.params.enterpriseId, request.query);
    return reply.type('application/json; charset=utf-8').send(page);
  });

  app.get<AccountParams>('/accounts/:accountId', {
    schema: { tags, summary: "One account's figures, with its transfer books per source account", params: idParams('accountId'), response: responses(accountDetailSchema) },
  }, async (request) => {
    const account = await accountDetail(db, request.principal, request.params.accountId);
    const transferBooks = account.transferBooks.map((b) => ({ ...b, balance: formatYuan(b.balance), withdrawable: formatYuan(b.withdrawable) }));
    return { ...presentAccount(account), transferBooks };
  });

  app.get<AccountParams>('/accounts/:accountId/uncleared', {
    schema: {
      tags, summary: 'What the account owes by billing period, oldest first: monthly uncleared (period open) and historical (closed)',
      params: idParams('accountId'),
      response: responses({ type: 'array', items: { type: 'object', properties: { period: { type: 'string' }, monthly: yuan, historical: yuan } } }),
    },
  }, async (request) => (await accountUncleared(db, request.principal, request.params.accountId))
    .map((d) => ({ period: d.period, monthly: formatYuan(d.monthly), historical: formatYuan(d.historical) })));

  app.get<HistoryParams>('/accounts/:accountId/transactions', {
    schema: {
      tags, summary: "The account's ledger entries on its own books, newest first",
      params: idParams('accountId'), querystring: historyQuery, response: responses(historyPageSchema(entrySchema)),
    },
  }, async (request) => {
    const rows = await accountTransactions(db, request.principal, request.params.accountId, pageRequest(request.query));
    return historyPage(rows, request.query.limit, presentEntry);
  });

  app.get<HistoryParams>('/accounts/:accountId/credit/history', {
    schema: {
      tags, summary: "Change records of the account's credit limit, newest first",
      params: idParams('accountId'), querystring: historyQuery, response: responses(historyPageSchema(creditChangeSchema)),
    },
  }, async (request) => {
    const rows = await accountCreditHistory(db, request.principal, request.params.accountId, pageRequest(request.query));
    return historyPage(rows, request.query.limit, presentCreditChange);
  });
}
