import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { accountPagesFor, type AccountPage } from '../../services/accounts';
import type { ApiContext } from '../context';
import { ACCOUNT_CSV_HEADER, accountCsvLine, csvLine } from '../csv';
import { errorResponse, idParams } from '../schemas';
import { accountListQuery, type AccountListParams } from './accounts';

/** The header and the first page, then each later page as the client reads. */
async function* csv(first: AccountPage, rest: AsyncGenerator<AccountPage>): AsyncGenerator<string> {
  yield csvLine(ACCOUNT_CSV_HEADER) + first.items.map(accountCsvLine).join('');
  for await (const page of rest) yield page.items.map(accountCsvLine).join('');
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
    const { all, ...filter } = request.query;
    const { enterpriseId } = request.params;
    const { first, rest } = await accountPagesFor(db, request.principal, enterpriseId, filter, all === true);
    const stream = Readable.from(csv(first, rest), { objectMode: false });
    stream.on('error', (err) => request.log.error({ err }, 'account export failed mid-stream'));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="enterprise-${enterpriseId}-accounts.csv"`)
      .send(stream);
  });
}
