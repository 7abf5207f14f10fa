import type { FastifyInstance } from 'fastify';
import { APPLICATION_STAGES, type ApplicationStage } from '../../domain/credit-application';
import * as credit from '../../services/credit';
import { serviceDeps, type ApiContext } from '../context';
import { applicationSchema, presentApplication, presentLimitResult, presentStatus, limitResultSchema, statusSchema } from '../present-credit';
import { id, idParams, nullable, responses, yuan } from '../schemas';

const applicationParams = {
  type: 'object', required: ['applicationId'], additionalProperties: false,
  properties: { applicationId: { type: 'string', pattern: '^[0-9a-fA-F-]{36}$', description: 'application id (a UUID)' } },
} as const;

const reason = { type: 'string', minLength: 1, maxLength: 2000 } as const;

/** Retries of a limit change with the same key change nothing twice (the workflow's update id). */
export const idempotencyHeaders = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 150, description: 'makes a retried request safe' } },
} as const;

type AppParams = { Params: { applicationId: string } };

/** Credit applications (submit → decide → confirm contract, or withdraw) and member credit limits. */
export function creditRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const deps = serviceDeps(ctx);
  const tags = ['credit'];

  app.post<{ Params: { enterpriseId: number }; Body: { publicCloud: string; hybridCloud: string; reason: string } }>('/enterprises/:enterpriseId/credit-applications', {
    schema: {
      tags, summary: 'Submit a credit-limit application for an enterprise (account manager)',
      params: idParams('enterpriseId'),
      body: {
        type: 'object', additionalProperties: false, required: ['publicCloud', 'hybridCloud', 'reason'],
        properties: { publicCloud: yuan, hybridCloud: yuan, reason },
      },
      response: responses(applicationSchema, 201),
    },
  }, async (request, reply) => {
    const record = await credit.submitApplication(deps, request.principal, { enterpriseId: request.params.enterpriseId, ...request.body });
    return reply.status(201).send(presentApplication(record));
  });

  app.get<{ Querystring: { enterpriseId?: number; stage?: ApplicationStage; limit: number; before?: string } }>('/credit-applications', {
    schema: {
      tags, summary: 'Credit applications, newest first (an enterprise admin: its own enterprise)',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          enterpriseId: id, stage: { type: 'string', enum: APPLICATION_STAGES },
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, before: { type: 'string', pattern: '^[0-9]{1,19}$' },
        },
      },
      response: responses({ type: 'object', properties: { items: { type: 'array', items: applicationSchema }, next: nullable({ type: 'string' }) } }),
    },
  }, async (request) => {
    const { before, ...q } = request.query;
    const rows = await credit.listApplications(deps, request.principal, { ...q, ...(before !== undefined && { before: BigInt(before) }) });
    const last = rows[rows.length - 1];
    return { items: rows.map(presentApplication), next: rows.length === q.limit && last ? last.seq.toString() : null };
  });

  app.get<AppParams>('/credit-applications/:applicationId', {
    schema: { tags, summary: 'Where an application stands: stage, deadlines, history', params: applicationParams, response: responses(statusSchema) },
  }, async (request) => presentStatus(await credit.applicationStatus(deps, request.principal, request.params.applicationId)));

  app.post<AppParams & { Body: { approve: boolean; publicCloud?: string; hybridCloud?: string; reason: string } }>('/credit-applications/:applicationId/decision', {
    schema: {
      tags, summary: 'Approve (as requested, or another amount: both parts) or reject an application (credit reviewer)',
      params: applicationParams,
      body: {
        type: 'object', additionalProperties: false, required: ['approve', 'reason'],
        properties: { approve: { type: 'boolean' }, publicCloud: yuan, hybridCloud: yuan, reason },
      },
      response: responses(statusSchema),
    },
  }, async (request) => presentStatus(await credit.decideApplication(deps, request.principal, { applicationId: request.params.applicationId, ...request.body })));

  app.post<AppParams>('/credit-applications/:applicationId/confirm', {
    schema: { tags, summary: "Confirm the credit contract: the limit then takes effect (the enterprise's MA account)", params: applicationParams, response: responses(statusSchema) },
  }, async (request) => presentStatus(await credit.confirmContract(deps, request.principal, { applicationId: request.params.applicationId })));

  app.post<AppParams & { Body: { reason?: string } }>('/credit-applications/:applicationId/withdraw', {
    schema: {
      tags, summary: 'Withdraw an application before its limit is being set (account manager)',
      params: applicationParams,
      body: { type: 'object', additionalProperties: false, properties: { reason } },
      response: responses(statusSchema),
    },
  }, async (request) => presentStatus(await credit.withdrawApplication(deps, request.principal, { applicationId: request.params.applicationId, ...request.body })));

  app.put<{ Params: { accountId: number }; Body: { newLimit?: string; delta?: string; reason: string; acceptStop?: boolean } }>('/accounts/:accountId/credit-limit', {
    schema: {
      tags, summary: "Set a member's credit limit (newLimit) or change it by a signed delta (enterprise admin)",
      params: idParams('accountId'), headers: idempotencyHeaders,
      body: {
        type: 'object', additionalProperties: false, required: ['reason'],
        properties: {
          newLimit: yuan, delta: { ...yuan, description: 'signed yuan, e.g. "-500.00"' }, reason,
          acceptStop: { type: 'boolean', description: 'lower it even though the account will be stopped' },
        },
      },
      response: responses(limitResultSchema),
    },
  }, async (request) => presentLimitResult(await credit.changeMemberLimit(deps, request.principal, {
    accountId: request.params.accountId, ...request.body, requestId: request.headers['idempotency-key'] as string | undefined,
  })));

  app.post<{ Body: { fromAccountId: number; toAccountId: number; amount: string; reason: string; acceptStop?: boolean } }>('/credit-limit-moves', {
    schema: {
      tags, summary: "Move credit limit from one member to another in one step (enterprise admin)",
      headers: idempotencyHeaders,
      body: {
        type: 'object', additionalProperties: false, required: ['fromAccountId', 'toAccountId', 'amount', 'reason'],
        properties: { fromAccountId: id, toAccountId: id, amount: yuan, reason, acceptStop: { type: 'boolean' } },
      },
      response: responses(limitResultSchema),
    },
  }, async (request) => presentLimitResult(await credit.moveMemberLimit(deps, request.principal, {
    ...request.body, requestId: request.headers['idempotency-key'] as string | undefined,
  })));
}
