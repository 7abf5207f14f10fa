import type { PolicyPreview } from '../services/funding-policies';
import type { FundingPolicy, TopUpPlan } from '../domain/funding';
import { formatYuan } from '../domain/money';
import { id, nullable, yuan } from './schemas';

export const fundingPolicySchema = {
  type: 'object',
  properties: {
    id, enterpriseId: id, fundingAccountId: id,
    memberIds: { type: 'array', items: id },
    floor: yuan, target: yuan, dailyCap: yuan,
    sweepDay: nullable({ type: 'integer', minimum: 1, maximum: 28 }),
    createdBy: { type: 'string', description: 'the admin who set the policy; its movements are started in their name' },
    blockedReason: nullable({ type: 'string', enum: ['daily_cap_reached', 'funding_short', null], description: 'why it last could not act (told once)' }),
  },
} as const;

export const presentFundingPolicy = (p: FundingPolicy) => ({
  id: p.id, enterpriseId: p.enterpriseId, fundingAccountId: p.fundingAccountId, memberIds: p.memberIds,
  floor: formatYuan(p.floor), target: formatYuan(p.target), dailyCap: formatYuan(p.dailyCap), sweepDay: p.sweepDay,
  createdBy: p.createdBy.name, blockedReason: p.blockedReason,
});

export const fundingPreviewSchema = {
  type: 'object',
  properties: {
    policy: fundingPolicySchema,
    members: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          accountId: id,
          action: { type: 'string', enum: ['none', 'top_up', 'blocked'] },
          available: yuan,
          amount: nullable(yuan),
          limitedBy: nullable({ type: 'string', enum: ['target', 'daily_cap', 'funding', null] }),
          reason: nullable({ type: 'string', enum: ['daily_cap_reached', 'funding_short', null] }),
          why: { type: 'string' },
        },
      },
    },
  },
} as const;

const presentPlan = (plan: TopUpPlan) => ({
  action: plan.action,
  available: formatYuan(plan.available),
  amount: plan.action === 'top_up' ? formatYuan(plan.amount) : null,
  limitedBy: plan.action === 'top_up' ? plan.limitedBy : null,
  reason: plan.action === 'blocked' ? plan.reason : null,
});

export const presentFundingPreview = (p: PolicyPreview) => ({
  policy: presentFundingPolicy(p.policy),
  members: p.members.map((m) => ({ accountId: m.accountId, ...presentPlan(m.plan), why: m.why })),
});
