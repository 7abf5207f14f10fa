import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_BATCH_ITEMS } from '../../domain/transfers';
import { startBatchTransfer, startTransfer, startWithdrawal } from '../../services/transfers';
import { pendingApprovals } from '../../services/approvals';
import { batchStatus, decideMovement, movementStatus } from '../../services/transfer-status';
import { serviceDeps, type ApiContext } from '../context';
import { batchSchema, movementSchema, pendingApprovalSchema, presentBatch, presentMovement, startedSchema } from '../present-transfers';
import { id, responses, yuan } from '../schemas';
import { idempotencyHeaders } from './credit';

const requestIdParam = (name: string) => ({
  type: 'object', required: [name], additionalProperties: false,
  properties: { [name]: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$' } },
}) as const;

const movementBody = {
  type: 'object', additionalProperties: false, required: ['fromAccountId', 'toAccountId', 'amount'],
  properties: { fromAccountId: id, toAccountId: id, amount: yuan },
} as const;

type MovementBody = { fromAccountId: number; toAccountId: number; amount: string };
type RequestParams = { Params: { requestId: string } };
type Scope = { Querystring: { enterpriseId?: number } };

/** Request ids are the enterprise's own: platform staff say whose they mean. */
const scopeQuery = {
  type: 'object', additionalProperties: false,
  properties: { enterpriseId: { ...id, description: 'platform staff only: the enterprise whose request id it is' } },
} as const;

const requestIdOf = (request: FastifyRequest): string => (request.headers['idempotency-key'] as string | undefined) ?? randomUUID();

/** Transfers A→B and withdrawals B→A (durable workflows), their approval by a second admin, and batches. */
export function transferRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const deps = serviceDeps(ctx);
  const tags = ['transfers'];

  for (const kind of ['transfer', 'withdrawal'] as const) {
    const base = `/${kind}s`;
    const what = kind === 'transfer' ? 'Transfer own cash from account `from` to account `to`' : 'Withdraw funds that `to` transferred to `from` back to `to`';

    app.post<{ Body: MovementBody }>(base, {
      schema: {
        tags, summary: `${what}: starts the workflow and answers at once (enterprise admin)`,
        headers: idempotencyHeaders, body: movementBody, response: responses(startedSchema, 202),
      },
    }, async (request, reply) => {
      const input = { principal: request.principal, requestId: requestIdOf(request), ...request.body };
      const started = kind === 'transfer'
        ? await startTransfer(deps, { ...input })
        : await startWithdrawal(deps, { ...input, holderAccountId: input.fromAccountId, sourceAccountId: input.toAccountId });
      return reply.status(202).send(started);
    });

    app.get<RequestParams & Scope>(`${base}/:requestId`, {
      schema: { tags, summary: `Where a ${kind} stands`, params: requestIdParam('requestId'), querystring: scopeQuery, response: responses(movementSchema) },
    }, async (request) => presentMovement(await movementStatus(deps, {
      principal: request.principal, kind, requestId: request.params.requestId, enterpriseId: request.query.enterpriseId,
    })));

    for (const verdict of ['approve', 'reject'] as const) {
      app.post<RequestParams & { Body: { reason?: string } }>(`${base}/:requestId/${verdict}`, {
        schema: {
          tags, summary: `${verdict === 'approve' ? 'Approve' : 'Reject'} a ${kind} waiting for a second admin (not the one who started it)`,
          params: requestIdParam('requestId'),
          body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } } },
          response: responses(movementSchema),
        },
      }, async (request) => presentMovement(await decideMovement(deps, {
        principal: request.principal, kind, requestId: request.params.requestId, approve: verdict === 'approve', reason: request.body?.reason,
      })));
    }
  }

  app.get<Scope>('/approvals', {
    schema: {
      tags, summary: 'Transfers and withdrawals of the enterprise waiting for a second admin, newest first (with who started each)',
      querystring: scopeQuery,
      response: responses({ type: 'object', properties: { items: { type: 'array', items: pendingApprovalSchema } } }),
    },
  }, async (request) => {
    const pending = await pendingApprovals(deps, request.principal, request.query.enterpriseId);
    return { items: pending.map((p) => ({ ...presentMovement(p), startedBy: p.startedBy })) };
  });

  app.post<{ Body: { items: MovementBody[] } }>('/transfer-batches', {
    schema: {
      tags, summary: 'Many transfers at once: one workflow with a transfer per item (enterprise admin)',
      headers: idempotencyHeaders,
      body: {
        type: 'object', additionalProperties: false, required: ['items'],
        properties: { items: { type: 'array', minItems: 1, maxItems: MAX_BATCH_ITEMS, items: movementBody } },
      },
      response: responses(startedSchema, 202),
    },
  }, async (request, reply) => {
    const started = await startBatchTransfer(deps, { principal: request.principal, batchId: requestIdOf(request), items: request.body.items });
    return reply.status(202).send(started);
  });

  app.get<{ Params: { batchId: string } } & Scope>('/transfer-batches/:batchId', {
    schema: { tags, summary: 'Per-item results of a batch so far', params: requestIdParam('batchId'), querystring: scopeQuery, response: responses(batchSchema) },
  }, async (request) => presentBatch(await batchStatus(deps, {
    principal: request.principal, batchId: request.params.batchId, enterpriseId: request.query.enterpriseId,
  })));
}
