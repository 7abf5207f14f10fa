import type { FastifyInstance } from 'fastify';
import { formatYuan } from '../../domain/money';
import { previewCreditChangeFor, previewCreditMoveFor, previewMovementFor } from '../../services/previews';
import type { ApiContext } from '../context';
import {
  creditChangePreviewSchema, creditMovePreviewSchema, movementPreviewSchema, presentCreditChangePreview, presentCreditMovePreview,
  presentMovementPreview,
} from '../present-previews';
import { id, idParams, responses, yuan } from '../schemas';

const pairQuery = (amountDescription: string) => ({
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: { from: id, to: id, amount: { ...yuan, description: amountDescription } },
}) as const;

const acceptStop = { type: 'boolean', default: false, description: 'the caller accepts that the account will be stopped' } as const;

const maximumSchema = {
  type: 'object',
  properties: { from: { type: 'integer' }, to: { type: 'integer' }, maximum: yuan },
} as const;

type PairQuery = { Querystring: { from: number; to: number; amount?: string } };

/**
 * Before a user commits: the most a transfer, withdrawal or credit-limit change allows now, the term that
 * limits it and the figures (the ledger's own computation, which its refusals repeat).
 */
export function previewRoutes(app: FastifyInstance, { db }: ApiContext): void {
  const tags = ['previews'];
  for (const kind of ['transfer', 'withdrawal'] as const) {
    const what = kind === 'transfer'
      ? 'a transfer of own cash from `from` to `to`'
      : 'a withdrawal of what `to` transferred to holder `from`, back to `to`';
    app.get<PairQuery>(`/${kind}s/preview`, {
      schema: {
        tags, summary: `What ${what} allows now, and why; with amount, whether it is allowed and needs a second admin`,
        querystring: pairQuery('yuan: judge this amount'), response: responses(movementPreviewSchema),
      },
    }, async (request) => presentMovementPreview(await previewMovementFor(db, request.principal, kind, request.query)));

    app.get<PairQuery>(`/${kind}s/maximum`, {
      schema: {
        tags, summary: `Most that ${what} allows now (the console's older call: see /${kind}s/preview)`,
        querystring: { ...pairQuery(''), properties: { from: id, to: id } }, response: responses(maximumSchema),
      },
    }, async (request) => {
      const { preview } = await previewMovementFor(db, request.principal, kind, request.query);
      return { from: preview.from, to: preview.to, maximum: formatYuan(preview.maximum) };
    });
  }

  app.get<{ Params: { accountId: number }; Querystring: { newLimit: string; acceptStop: boolean } }>('/accounts/:accountId/credit-limit/preview', {
    schema: {
      tags, summary: "Setting a member's credit limit to newLimit: how far it may go up or down now, and why (enterprise admin)",
      params: idParams('accountId'),
      querystring: { type: 'object', required: ['newLimit'], additionalProperties: false, properties: { newLimit: yuan, acceptStop } },
      response: responses(creditChangePreviewSchema),
    },
  }, async (request) => presentCreditChangePreview(await previewCreditChangeFor(db, request.principal, { accountId: request.params.accountId, ...request.query })));

  app.get<PairQuery & { Querystring: { acceptStop: boolean } }>('/credit-limit-moves/preview', {
    schema: {
      tags, summary: 'Moving credit limit from member `from` to member `to`: the most that may move now, and why (enterprise admin)',
      querystring: { ...pairQuery('yuan: judge this amount'), properties: { ...pairQuery('yuan: judge this amount').properties, acceptStop } },
      response: responses(creditMovePreviewSchema),
    },
  }, async (request) => presentCreditMovePreview(await previewCreditMoveFor(db, request.principal, request.query)));
}
