import { log } from '@temporalio/activity';
import type { Db } from '../db/connection';
import { changeMemberLimit, moveMemberLimit, type MemberLimitOutcome } from '../db/credit/member-limits';
import { memberCreditKey, type MemberLimitChange, type MemberLimitMove, type MemberLimitResult } from '../domain/member-credit';

const toResult = ({ result, changes }: MemberLimitOutcome): MemberLimitResult => ({
  transactionId: String(result.transactionId),
  replayed: result.replayed,
  changes,
});

/**
 * Member credit-limit changes for the per-enterprise workflow. The ledger checks the rules and writes the
 * change records and outbox events; the key comes from the client's request id, so a retry is a replay.
 */
export function createMemberCreditActivities({ db }: { db: Db }) {
  return {
    async changeMemberCreditLimit(enterpriseId: number, req: MemberLimitChange): Promise<MemberLimitResult> {
      const common = {
        key: memberCreditKey(enterpriseId, req.requestId), accountId: req.accountId,
        acceptStop: req.acceptStop ?? false, actor: req.actor, reason: req.reason,
      };
      const outcome = req.newLimit !== undefined
        ? await changeMemberLimit(db, { ...common, newLimit: BigInt(req.newLimit) })
        : await changeMemberLimit(db, { ...common, delta: BigInt(req.delta ?? '0') });
      log.info('member credit limit changed', { enterpriseId, requestId: req.requestId, replayed: outcome.result.replayed });
      return toResult(outcome);
    },

    async moveMemberCreditLimit(enterpriseId: number, req: MemberLimitMove): Promise<MemberLimitResult> {
      const outcome = await moveMemberLimit(db, {
        key: memberCreditKey(enterpriseId, req.requestId), fromAccountId: req.fromAccountId,
        toAccountId: req.toAccountId, amount: BigInt(req.amount), acceptStop: req.acceptStop ?? false,
        actor: req.actor, reason: req.reason,
      });
      log.info('member credit limit moved', { enterpriseId, requestId: req.requestId, replayed: outcome.result.replayed });
      return toResult(outcome);
    },
  };
}
