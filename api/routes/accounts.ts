import type { FastifyInstance } from 'fastify';
import { UamError } from '../../core/errors';
import { ACCOUNT_SORTS, listAccounts, type AccountListQuery } from '../../db/ledger/account-list';
import { creditHistory, transactionHistory } from '../../db/ledger/history';
import { getAccount, transferBooks } from '../../db/ledger/queries';
import { MAX_PAGE_SIZE } from '../../db/ledger/account-list';
import { formatYuan } from '../../domain/money';
import { accountFor, authorize, enterpriseFor, requireReach } from '../auth';
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

export type AccountListParams = { Params: { enterpriseId: number }; Querystring: Omit<AccountListQuery, 'enterpriseId' | 'accountIds'> };

const entrySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, transactionId: { type: 'string' }, kind: { type: 'string' }, book: { type: 'string' },
    sourceAccountId: nullable({ type: 'integer' }), amount: yuan, actor: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

const accountDetailSchema = {
  ...accountSchema,
  properties: {
    ...accountSchema.properties,
    transferBooks: {
      type: 'array', description: 'transfer-book balance per source account',
      items: { type: 'object', properties: { sourceAccountId: { type: 'integer' }, balance: yuan } },
    },
  },
} as const;

type AccountParams = { Params: { accountId: number } };

const absentAsNull = (err: unknown) => {
  if (err instanceof UamError && err.code === 'ACCOUNT_NOT_FOUND') return null;
  throw err;
};
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
  }, async (request) => {
    const enterpriseId = await enterpriseFor(db, request, 'accounts.read', request.params.enterpriseId);
    const p = request.principal;
    const accountIds = p.role === 'member' && p.accountId !== null ? [p.accountId] : undefined;
    const page = await listAccounts(db, { ...request.query, enterpriseId, accountIds });
    return { items: page.items.map(presentAccount), next: page.next };
  });

  app.get<AccountParams>('/accounts/:accountId', {
    schema: { tags, summary: "One account's figures, with its transfer books per source account", params: idParams('accountId'), response: responses(accountDetailSchema) },
  }, async (request) => {
    // One query fewer than accountFor + getAccount: the figures carry the enterprise the scope is checked on.
    const p = authorize(request, 'accounts.read');
    const id = request.params.accountId;
    const [found, books] = await Promise.all([getAccount(db, id).catch(absentAsNull), transferBooks(db, id)]);
    const figures = requireReach(p, id, found);
    return { ...presentAccount(figures), transferBooks: books.map((b) => ({ sourceAccountId: b.sourceAccountId, balance: formatYuan(b.balance) })) };
  });

  app.get<HistoryParams>('/accounts/:accountId/transactions', {
    schema: {
      tags, summary: "The account's ledger entries on its own books, newest first",
      params: idParams('accountId'), querystring: historyQuery, response: responses(historyPageSchema(entrySchema)),
    },
  }, async (request) => {
    const account = await accountFor(db, request, 'accounts.read', request.params.accountId);
    const rows = await transactionHistory(db, account.id, pageRequest(request.query));
    return historyPage(rows, request.query.limit, presentEntry);
  });

  app.get<HistoryParams>('/accounts/:accountId/credit/history', {
    schema: {
      tags, summary: "Change records of the account's credit limit, newest first",
      params: idParams('accountId'), querystring: historyQuery, response: responses(historyPageSchema(creditChangeSchema)),
    },
  }, async (request) => {
    const account = await accountFor(db, request, 'accounts.read', request.params.accountId);
    const scope = { enterpriseId: account.enterpriseId, accountId: account.id };
    const rows = await creditHistory(db, scope, pageRequest(request.query));
    return historyPage(rows, request.query.limit, presentCreditChange);
  });
}
