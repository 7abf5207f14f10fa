import type { FastifyInstance } from 'fastify';
import { UamError } from '../../core/errors';
import { maxTransferable, maxWithdrawable } from '../../db/ledger/queries';
import { formatYuan } from '../../domain/money';
import { accountPairFor } from '../auth';
import type { ApiContext } from '../context';
import { id, responses, yuan } from '../schemas';

const pairQuery = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: { from: id, to: id },
} as const;

const maximumSchema = {
  type: 'object',
  properties: { from: { type: 'integer' }, to: { type: 'integer' }, maximum: yuan },
} as const;

type PairQuery = { Querystring: { from: number; to: number } };

/** The maximum amounts the transfer and withdraw panels show before the user commits. */
export function maximumRoutes(app: FastifyInstance, { db }: ApiContext): void {
  const tags = ['transfers'];

  async function pair(request: Parameters<typeof accountPairFor>[1], from: number, to: number) {
    if (from === to) throw new UamError('SAME_ACCOUNT', 'from and to must be different accounts', { field: 'to' });
    return accountPairFor(db, request, 'transfers.read', from, to);
  }

  app.get<PairQuery>('/transfers/maximum', {
    schema: {
      tags, summary: 'Most that account `from` may transfer to `to` now: min(available quota, own cash)',
      querystring: pairQuery, response: responses(maximumSchema),
    },
  }, async (request) => {
    const { from, to } = await pair(request, request.query.from, request.query.to);
    return { from: from.id, to: to.id, maximum: formatYuan(await maxTransferable(db, from.id)) };
  });

  app.get<PairQuery>('/withdrawals/maximum', {
    schema: {
      tags,
      summary: 'Most that may be withdrawn from holder `from` back to `to` (the account that transferred it) now',
      querystring: pairQuery, response: responses(maximumSchema),
    },
  }, async (request) => {
    const { from, to } = await pair(request, request.query.from, request.query.to);
    return { from: from.id, to: to.id, maximum: formatYuan(await maxWithdrawable(db, from.id, to.id)) };
  });
}
