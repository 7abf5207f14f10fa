import type { Client } from '@temporalio/client';
import { UamError } from '../core/errors';
import type { Db } from '../db/connection';
import {
  deletePolicy as removePolicy, fundingEdges, keptBy, listPolicies, lockEnterprisePolicies, previewPolicy, readPolicy, savePolicy,
  belowFloor, type PolicyFields,
} from '../db/funding/policies';
import { transaction } from '../db/transaction';
import { type FundingPolicy, type TopUpPlan, blockedWords, fundingLoop, fundingTopUpWorkflowId } from '../domain/funding';
import { formatYuan, parseYuan } from '../domain/money';
import type { Principal } from '../domain/principal';
import { fundingTopUpWorkflow } from '../workflows/funding';
import { accountsInScope, enterpriseInScope } from './scope';
import { actorFrom } from './transfers';

/** What an enterprise admin sends to create or replace a policy (amounts in yuan, as the API takes them). */
export interface PolicyInput {
  fundingAccountId?: unknown;
  memberIds?: unknown;
  floor?: unknown;
  target?: unknown;
  dailyCap?: unknown;
  sweepDay?: unknown;
}

const MAX_MEMBERS = 1000;

const invalid = (field: string, why: string) => new UamError('VALIDATION_FAILED', `${field}: ${why}`, { field });
const isId = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 2 ** 31 - 1;

function parseInput(input: PolicyInput): Omit<PolicyFields, 'enterpriseId' | 'createdBy'> {
  if (!isId(input.fundingAccountId)) throw invalid('fundingAccountId', 'must be an account id');
  const members = input.memberIds;
  if (!Array.isArray(members) || members.length === 0 || members.length > MAX_MEMBERS) throw invalid('memberIds', `1 to ${MAX_MEMBERS} account ids`);
  members.forEach((m, i) => { if (!isId(m)) throw invalid(`memberIds[${i}]`, 'must be an account id'); });
  const memberIds = [...new Set(members as number[])];
  const floor = parseYuan(input.floor, { allowZero: true, field: 'floor' });
  const target = parseYuan(input.target, { field: 'target' });
  const dailyCap = parseYuan(input.dailyCap, { field: 'dailyCap' });
  if (target <= floor) throw invalid('target', 'must be above the floor');
  const sweepDay = input.sweepDay ?? null;
  if (sweepDay !== null && !(Number.isInteger(sweepDay) && (sweepDay as number) >= 1 && (sweepDay as number) <= 28)) {
    throw invalid('sweepDay', 'a day of the month from 1 to 28, or null for no sweep');
  }
  if (memberIds.includes(input.fundingAccountId)) {
    throw new UamError('FUNDING_SELF', `account ${input.fundingAccountId} cannot fund itself: remove it from memberIds`, { field: 'memberIds', accountId: input.fundingAccountId });
  }
  return { fundingAccountId: input.fundingAccountId, memberIds, floor, target, dailyCap, sweepDay: sweepDay as number | null };
}

async function policyInScope(db: Db, principal: Principal, enterpriseId: number, policyId: number): Promise<FundingPolicy> {
  await enterpriseInScope(db, principal, 'funding.manage', enterpriseId);
  const policy = Number.isInteger(policyId) ? await readPolicy(db, policyId) : null;
  if (!policy || policy.enterpriseId !== enterpriseId) {
    throw new UamError('FUNDING_POLICY_NOT_FOUND', `funding policy ${policyId} not found`, { policyId });
  }
  return policy;
}

/**
 * Saves a policy (new when `policyId` is null), refused if any account is out of the enterprise, already kept by
 * another policy, or would close a loop of policies feeding each other. Checked and written under the
 * enterprise's lock, so two admins saving at once cannot build a loop between them.
 */
async function save(db: Db, principal: Principal, enterpriseId: number, policyId: number | null, input: PolicyInput): Promise<FundingPolicy> {
  await enterpriseInScope(db, principal, 'funding.manage', enterpriseId);
  const fields = parseInput(input);
  // Another enterprise's account is as missing as one that does not exist.
  await accountsInScope(db, principal, 'funding.manage', [fields.fundingAccountId, ...fields.memberIds]);
  const id = await transaction(db, async (trx) => {
    await lockEnterprisePolicies(trx, enterpriseId);
    const taken = (await keptBy(trx, fields.memberIds)).filter((k) => k.policyId !== policyId);
    if (taken.length > 0) {
      throw new UamError('FUNDING_MEMBER_TAKEN', `accounts ${taken.map((t) => t.accountId).join(', ')} are already kept by another funding policy`, {
        field: 'memberIds', accounts: taken,
      });
    }
    const edges = (await fundingEdges(trx, enterpriseId)).filter((e) => e.policyId !== policyId);
    const loop = fundingLoop([...edges, ...fields.memberIds.map((member) => ({ funding: fields.fundingAccountId, member }))]);
    if (loop) {
      throw new UamError('FUNDING_LOOP', `funding policies would feed each other in a loop: ${[...loop, loop[0]].join(' → ')}`, { field: 'fundingAccountId', accounts: loop });
    }
    return savePolicy(trx, policyId, { ...fields, enterpriseId, createdBy: actorFrom(principal) });
  });
  return (await readPolicy(db, id))!;
}

export const createFundingPolicy = (db: Db, principal: Principal, enterpriseId: number, input: PolicyInput) =>
  save(db, principal, enterpriseId, null, input);

export async function replaceFundingPolicy(db: Db, principal: Principal, enterpriseId: number, policyId: number, input: PolicyInput) {
  await policyInScope(db, principal, enterpriseId, policyId);
  return save(db, principal, enterpriseId, policyId, input);
}

export async function deleteFundingPolicy(db: Db, principal: Principal, enterpriseId: number, policyId: number): Promise<void> {
  await policyInScope(db, principal, enterpriseId, policyId);
  await transaction(db, (trx) => removePolicy(trx, policyId));
}

export const fundingPolicy = policyInScope;

export async function fundingPolicies(db: Db, principal: Principal, enterpriseId: number): Promise<FundingPolicy[]> {
  await enterpriseInScope(db, principal, 'funding.manage', enterpriseId);
  return listPolicies(db, enterpriseId);
}

export interface PolicyPreview {
  policy: FundingPolicy;
  members: Array<{ accountId: number; plan: TopUpPlan; why: string }>;
}

/** The dry run: what the policy would move to each member now and why (the day's cap in the billing time zone); nothing moves. */
export async function previewFundingPolicy(
  db: Db, principal: Principal, enterpriseId: number, policyId: number, billingTimeZone?: string,
): Promise<PolicyPreview> {
  const policy = await policyInScope(db, principal, enterpriseId, policyId);
  const plans = await previewPolicy(db, policy, billingTimeZone);
  return { policy, members: plans.map(({ accountId, plan }) => ({ accountId, plan, why: planWords(policy, plan) })) };
}

function planWords(policy: FundingPolicy, plan: TopUpPlan): string {
  if (plan.action === 'none') return 'at or above the floor: nothing to move';
  if (plan.action === 'blocked') return `below the floor, but ${blockedWords(plan.reason, policy, policy.fundingAccountId)}`;
  const by = { target: 'up to the target', daily_cap: "what is left of today's cap", funding: 'what the funding account may transfer' }[plan.limitedBy];
  return `below the floor: would transfer ${formatYuan(plan.amount)} yuan from account ${policy.fundingAccountId}, ${by}`;
}

/**
 * Starts a top-up for each of these accounts that is below its policy's floor now (after a balance change). A
 * top-up already running for the member is joined, not doubled.
 */
export async function triggerFunding(db: Db, temporal: Client, taskQueue: string, accountIds: number[]): Promise<number> {
  const due = await belowFloor(db, accountIds);
  for (const d of due) {
    await temporal.workflow.start(fundingTopUpWorkflow, {
      workflowId: fundingTopUpWorkflowId(d.policyId, d.accountId), taskQueue, args: [{ policyId: d.policyId, accountId: d.accountId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }
  return due.length;
}
