import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { listAccounts, MAX_PAGE_SIZE, type AccountListQuery, type AccountPage } from '../../db/ledger/account-list';
import type { Db } from '../../db/connection';
import { enterpriseFor } from '../auth';
import type { ApiContext } from '../context';
import { ACCOUNT_CSV_HEADER, accountCsvLine, csvLine } from '../csv';
import { errorResponse, idParams } from '../schemas';
import { accountListQuery, type AccountListParams } from './accounts';

/**
 * Every page after `first`, fetched one at a time as the client reads: memory holds one page of rows whatever
 * the size of the enterprise (keyset paging, so each page is an index range scan).
 */
async function* csvPages(db: Db, query: AccountListQuery, first: AccountPage): AsyncGenerator<string> {
  yield csvLine(ACCOUNT_CSV_HEADER) + first.items.map(accountCsvLine).join('');
  let next = first.next;
  while (next) {
    const page = await listAccounts(db, { ...query, cursor: next });
    yield page.items.map(accountCsvLine).join('');
    next = page.next;
  }
}

type ExportParams = AccountListParams & { Querystring: { all?: boolean } };

/** The account list as CSV: the requested page, or (all=true) every account matching the filters, streamed. */
export function exportRoutes(app: FastifyInstance, { db }: ApiContext): void {
  app.get<ExportParams>('/enterprises/:enterpriseId/accounts.csv', {
    schema: {
      tags: ['accounts'],
      summary: 'Export the account list as CSV (header row, amounts in yuan): the page asked for, or all=true for every account',
      params: idParams('enterpriseId'),
      querystring: {
        ...accountListQuery,
        properties: { ...accountListQuery.properties, all: { type: 'boolean', default: false, description: 'every account, streamed' } },
      },
      response: {
        200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
        '4xx': errorResponse,
        '5xx': errorResponse,
      },
    },
  }, async (request, reply) => {
    const enterpriseId = await enterpriseFor(db, request, 'accounts.read', request.params.enterpriseId);
    const { all, ...rest } = request.query;
    const p = request.principal;
    const accountIds = p.role === 'member' && p.accountId !== null ? [p.accountId] : undefined;
    const query: AccountListQuery = { ...rest, enterpriseId, accountIds, ...(all ? { limit: MAX_PAGE_SIZE } : {}) };
    // The first page is read before answering, so a bad cursor or filter is still a JSON 4xx.
    const first = await listAccounts(db, query);
    const pages = all ? csvPages(db, query, first) : csvPages(db, query, { ...first, next: null });
    const stream = Readable.from(pages, { objectMode: false });
    stream.on('error', (err) => request.log.error({ err }, 'account export failed mid-stream'));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="enterprise-${enterpriseId}-accounts.csv"`)
      .send(stream);
  });
}
