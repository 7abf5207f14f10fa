import type { Knex } from 'knex';
import type { Config } from '../core/config';
import { belowFloor, claimSweep, claimTopUp, settleMove, sweepsDue } from '../db/funding/policies';
import type { Actor } from '../domain/transfers';

/** Who a policy's movements are started by, as their records and approvals show it. */
const policyActor = (policyId: number, createdBy: Actor): Actor => ({ ...createdBy, name: `funding policy ${policyId} (set by ${createdBy.name})` });

/** The database steps of funding policies (workflows/funding.ts). Amounts cross as fen strings. */
export function createFundingActivities({ db, config }: { db: Knex; config?: Pick<Config, 'billing'> }) {
  const zone = config?.billing.timeZone;
  return {
    async claimFundingTopUp(p: { policyId: number; accountId: number; requestId: string }) {
      const claim = await claimTopUp(db, p, zone);
      if (claim.action !== 'top_up') return claim;
      const { policy } = claim;
      return {
        action: 'top_up' as const, amount: claim.amount.toString(), enterpriseId: policy.enterpriseId,
        fundingAccountId: policy.fundingAccountId, startedBy: policyActor(policy.id, policy.createdBy),
      };
    },

    async claimFundingSweep(p: { policyId: number; period: string }) {
      const { policy, claims } = await claimSweep(db, p.policyId, p.period, zone);
      if (!policy) return [];
      return claims.map((c) => ({
        requestId: c.requestId, accountId: c.accountId, amount: c.amount.toString(), enterpriseId: policy.enterpriseId,
        fundingAccountId: policy.fundingAccountId, startedBy: policyActor(policy.id, policy.createdBy),
      }));
    },

    async settleFundingMove(requestId: string, status: 'completed' | 'failed'): Promise<void> {
      await settleMove(db, requestId, status);
    },

    async fundingWork() {
      return { topUps: (await belowFloor(db)).map(({ policyId, accountId }) => ({ policyId, accountId })), sweeps: await sweepsDue(db, zone) };
    },
  };
}
