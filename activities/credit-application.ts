import { log } from '@temporalio/activity';
import type { Db } from '../db/connection';
import { updateApplication, type ApplicationPatch } from '../db/credit/applications';
import { confirmContract, contractConfirmation } from '../db/credit/contract';
import { checkCreditTotal, setEnterpriseCredit } from '../db/ledger/operations';
import { writeOutbox } from '../db/outbox';
import { transaction } from '../db/transaction';
import { applicationWorkflowId, totalOf, type ApplicationStage, type CreditAmounts } from '../domain/credit-application';
import type { EventPayloads } from '../domain/events';

/** The read-model columns an activity may set; times are the workflow's (ISO), so a retry writes the same. */
export interface StageChange {
  stage: ApplicationStage;
  approved?: CreditAmounts;
  decidedBy?: string;
  decisionReason?: string;
  decidedAt?: string;
  contractDeadline?: string;
  remindersSent?: number;
  closedBy?: string;
  closeReason?: string;
  closedAt?: string;
}

const toPatch = (c: StageChange): ApplicationPatch => ({
  stage: c.stage,
  ...(c.approved && { approved_public: BigInt(c.approved.publicCloud), approved_hybrid: BigInt(c.approved.hybridCloud) }),
  ...(c.decidedBy !== undefined && { decided_by: c.decidedBy }),
  ...(c.decisionReason !== undefined && { decision_reason: c.decisionReason }),
  ...(c.decidedAt !== undefined && { decided_at: new Date(c.decidedAt) }),
  ...(c.contractDeadline !== undefined && { contract_deadline: new Date(c.contractDeadline) }),
  ...(c.remindersSent !== undefined && { reminders_sent: c.remindersSent }),
  ...(c.closedBy !== undefined && { closed_by: c.closedBy }),
  ...(c.closeReason !== undefined && { close_reason: c.closeReason }),
  ...(c.closedAt !== undefined && { closed_at: new Date(c.closedAt) }),
});

/** Every outbox key of an application starts with its workflow id, then the step: one message per step. */
const stepKey = (applicationId: string, step: string) => `${applicationWorkflowId(applicationId)}:${step}`;

type Decided = EventPayloads['credit.application_decided'];

export function createCreditApplicationActivities({ db }: { db: Db }) {
  return {
    /** Refuses an approval the ledger could never set (below what members already hold): its own check. */
    async checkCreditApprovable(enterpriseId: number, approved: CreditAmounts): Promise<void> {
      await checkCreditTotal(db, { enterpriseId, publicCloud: BigInt(approved.publicCloud), hybridCloud: BigInt(approved.hybridCloud) });
    },

    async recordApplicationStage(applicationId: string, change: StageChange): Promise<void> {
      await updateApplication(db, applicationId, toPatch(change));
    },

    /** Ends the application without a limit change and tells the MA account why (one message, whatever the retries). */
    async closeApplication(applicationId: string, enterpriseId: number, change: StageChange & { decision: Decided['decision'] }): Promise<void> {
      await transaction(db, async (trx) => {
        await updateApplication(trx, applicationId, toPatch(change));
        const payload: Decided = { applicationId, enterpriseId, decision: change.decision };
        if (change.closeReason) payload.reason = change.closeReason;
        await writeOutbox(trx, { topic: 'credit.application_decided', dedupeKey: stepKey(applicationId, 'decided'), payload });
      });
    },

    async contractConfirmedAt(enterpriseId: number): Promise<string | null> {
      const confirmation = await contractConfirmation(db, enterpriseId);
      return confirmation ? confirmation.at.toISOString() : null;
    },

    /** The contract notice (reminder 0) or a reminder: the row shows it and the MA account is emailed and texted once per number. */
    async sendContractNotice(applicationId: string, enterpriseId: number, p: { deadline: string; reminder: number }): Promise<void> {
      await transaction(db, async (trx) => {
        await updateApplication(trx, applicationId, { stage: 'awaiting_contract', contract_deadline: new Date(p.deadline), reminders_sent: p.reminder });
        await writeOutbox(trx, {
          topic: 'credit.contract_pending',
          dedupeKey: stepKey(applicationId, `contract-pending:${p.reminder}`),
          payload: { applicationId, enterpriseId, deadline: p.deadline, reminder: p.reminder },
        });
      });
    },

    async recordContractConfirmation(enterpriseId: number, actor: string, at: string): Promise<{ at: string; by: string }> {
      const confirmation = await confirmContract(db, { enterpriseId, actor, at: new Date(at) });
      return { at: confirmation.at.toISOString(), by: confirmation.by };
    },

    /**
     * Sets the enterprise total through the ledger (which writes the change record and 'credit.enterprise_changed'),
     * marks the application in force and tells the MA account — all in one database transaction.
     */
    async putCreditLimitInForce(
      applicationId: string,
      enterpriseId: number,
      p: { approved: CreditAmounts; actor: string; reason: string; at: string },
    ): Promise<void> {
      await transaction(db, async (trx) => {
        // An approval equal to the total in force changes nothing (sameOk).
        await setEnterpriseCredit(trx, {
          key: `${applicationWorkflowId(applicationId)}:set-total`, enterpriseId, actor: p.actor, reason: p.reason, sameOk: true,
          publicCloud: BigInt(p.approved.publicCloud), hybridCloud: BigInt(p.approved.hybridCloud),
        });
        await updateApplication(trx, applicationId, { stage: 'in_force', closed_at: new Date(p.at) });
        await writeOutbox(trx, {
          topic: 'credit.application_decided',
          dedupeKey: stepKey(applicationId, 'decided'),
          payload: { applicationId, enterpriseId, decision: 'approved', total: totalOf(p.approved).toString(), reason: p.reason },
        });
      });
      log.info('credit limit in force', { applicationId, enterpriseId, total: totalOf(p.approved).toString() });
    },
  };
}
