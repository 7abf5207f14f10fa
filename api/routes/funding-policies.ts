import type { FastifyInstance } from 'fastify';
import {
  createFundingPolicy, deleteFundingPolicy, fundingPolicies, fundingPolicy, previewFundingPolicy, replaceFundingPolicy, type PolicyInput,
} from '../../services/funding-policies';
import type { ApiContext } from '../context';
import { fundingPolicySchema, fundingPreviewSchema, presentFundingPolicy, presentFundingPreview } from '../present-funding';
import { id, idParams, nullable, responses, yuan } from '../schemas';

type EnterpriseParams = { Params: { enterpriseId: number } };
type PolicyParams = { Params: { enterpriseId: number; policyId: number } };

const policyParams = {
  type: 'object', required: ['enterpriseId', 'policyId'], additionalProperties: false, properties: { enterpriseId: id, policyId: id },
} as const;

const policyBody = {
  type: 'object', additionalProperties: false, required: ['fundingAccountId', 'memberIds', 'floor', 'target', 'dailyCap'],
  properties: {
    fundingAccountId: { ...id, description: 'the account top-ups are transferred from (its own cash)' },
    memberIds: { type: 'array', items: id, minItems: 1, maxItems: 1000, description: 'the members the policy keeps running' },
    floor: { ...yuan, description: 'top a member up when its available quota is below this' },
    target: { ...yuan, description: '…back up to this' },
    dailyCap: { ...yuan, description: 'at most this much a day (billing time zone) across the members' },
    sweepDay: nullable({ type: 'integer', minimum: 1, maximum: 28, description: 'each month on this day, withdraw back what members did not consume of what the funding account sent' }),
  },
} as const;

/** Funding policies of an enterprise (its admin only): keep members above a floor from a funding account. */
export function fundingPolicyRoutes(app: FastifyInstance, { db, config }: ApiContext): void {
  const tags = ['funding'];
  app.get<EnterpriseParams>('/enterprises/:enterpriseId/funding-policies', {
    schema: { tags, summary: "The enterprise's funding policies", params: idParams('enterpriseId'), response: responses({ type: 'array', items: fundingPolicySchema }) },
  }, async (request) => (await fundingPolicies(db, request.principal, request.params.enterpriseId)).map(presentFundingPolicy));

  app.post<EnterpriseParams & { Body: PolicyInput }>('/enterprises/:enterpriseId/funding-policies', {
    schema: { tags, summary: 'Create a funding policy', params: idParams('enterpriseId'), body: policyBody, response: responses(fundingPolicySchema, 201) },
  }, async (request, reply) => reply.code(201).send(presentFundingPolicy(await createFundingPolicy(db, request.principal, request.params.enterpriseId, request.body))));

  app.get<PolicyParams>('/enterprises/:enterpriseId/funding-policies/:policyId', {
    schema: { tags, summary: 'One funding policy', params: policyParams, response: responses(fundingPolicySchema) },
  }, async (request) => presentFundingPolicy(await fundingPolicy(db, request.principal, request.params.enterpriseId, request.params.policyId)));

  app.put<PolicyParams & { Body: PolicyInput }>('/enterprises/:enterpriseId/funding-policies/:policyId', {
    schema: { tags, summary: 'Replace a funding policy', params: policyParams, body: policyBody, response: responses(fundingPolicySchema) },
  }, async (request) => presentFundingPolicy(await replaceFundingPolicy(db, request.principal, request.params.enterpriseId, request.params.policyId, request.body)));

  app.delete<PolicyParams>('/enterprises/:enterpriseId/funding-policies/:policyId', {
    schema: { tags, summary: 'Delete a funding policy (movements under way finish)', params: policyParams, response: responses({ type: 'null' }, 204) },
  }, async (request, reply) => {
    await deleteFundingPolicy(db, request.principal, request.params.enterpriseId, request.params.policyId);
    return reply.code(204).send();
  });

  app.get<PolicyParams>('/enterprises/:enterpriseId/funding-policies/:policyId/preview', {
    schema: { tags, summary: 'Dry run: what the policy would move to each member now, and why (nothing moves)', params: policyParams, response: responses(fundingPreviewSchema) },
  }, async (request) => presentFundingPreview(await previewFundingPolicy(db, request.principal, request.params.enterpriseId, request.params.policyId, config.billing.timeZone)));
}
