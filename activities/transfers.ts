import { Context } from '@temporalio/activity';
import type { Db } from '../db/connection';
import { placeHold, postHold, transferUnlessApproval, voidHold } from '../db/ledger/operations';
import { writeOutbox } from '../db/outbox';
import { previewMovement } from '../db/ledger/previews';
import { transaction } from '../db/transaction';
import { movementEvent, stepKey, type MovementFailure, type MovementInput } from '../domain/transfers';
import { withTypedFailures } from './failures';

export interface MovementCheck {
  /** Fen string: the enterprise's dual-control threshold, or null when it has none. */
  threshold: string | null;
  /** Fen string: the ledger's transferable / withdrawable figure when checked. */
  maximum: string;
}

export interface MovementAtOnce {
  /** The posting, or null when a second admin must approve: nothing moved, the funds are to be held. */
  transactionId: string | null;
  /** Fen string: the enterprise's dual-control threshold, or null when it has none. */
  threshold: string | null;
}

/** The id of the workflow running this activity: every key of a movement derives from it. */
function workflowId(): string {
  const id = Context.current().info.workflowExecution?.workflowId;
  if (!id) throw new Error('a movement step runs only inside its workflow');
  return id;
}

/**
 * The steps of transfer and withdrawal workflows. Every money step is one ledger call under the key
 * `<workflowId>:<step>`, so a retry after a crash replays the first result and moves nothing twice; its
 * message's outbox dedupe key makes the retry queue nothing twice either.
 */
export function createTransferActivities(deps: { db: Db }) {
  const { db } = deps;
  const keyOf = (step: 'hold' | 'post' | 'void') => stepKey(workflowId(), step);

  return withTypedFailures({
    /**
     * The ledger's preview of the movement, refusing what the hold would refuse (same code and figures) before
     * anything is held; it also reads the enterprise's dual-control threshold.
     */
    async checkMovement(input: MovementInput): Promise<MovementCheck> {
      const preview = await previewMovement(db, {
        kind: input.kind, from: input.fromAccountId, to: input.toAccountId, amount: BigInt(input.amount), refuse: true,
        holdKey: keyOf('hold'),
      });
      return { threshold: preview.approvalThreshold?.toString() ?? null, maximum: preview.maximum.toString() };
    },

    /**
     * The whole movement in one ledger call when no second admin must approve it: checked under the ledger's row
     * locks and posted, its "done" message queued in the same database transaction. At or above the enterprise's
     * threshold nothing moves (an amount the hold would refuse is refused now) and the workflow holds the funds.
     * The key is the post step's: whichever way a movement went, its posting is `<workflowId>:post`.
     */
    async moveAtOnce(input: MovementInput, actor: string): Promise<MovementAtOnce> {
      return transaction(db, async (trx) => {
        const result = await transferUnlessApproval(trx, {
          key: keyOf('post'), holdKey: keyOf('hold'), purpose: input.kind, fromAccountId: input.fromAccountId, toAccountId: input.toAccountId,
          amount: BigInt(input.amount), actor,
        });
        if (result.transactionId !== null) await writeOutbox(trx, movementEvent(workflowId(), input));
        return { transactionId: result.transactionId?.toString() ?? null, threshold: result.threshold?.toString() ?? null };
      });
    },

    /** Reserves the funds; the ledger re-checks the maximum under its row locks. */
    async holdMovement(input: MovementInput, actor: string): Promise<{ holdId: string }> {
      const result = await placeHold(db, {
        key: keyOf('hold'), purpose: input.kind, fromAccountId: input.fromAccountId, toAccountId: input.toAccountId,
        amount: BigInt(input.amount), actor,
      });
      return { holdId: String(result.refId) };
    },

    /**
     * Lands the held funds and queues the "done" message in the same database transaction (outbox), so the
     * message exists exactly when the money moved. Refused if the holder's available quota fell below zero meanwhile.
     */
    async postMovement(input: MovementInput, holdId: string, actor: string): Promise<{ transactionId: string }> {
      return transaction(db, async (trx) => {
        const result = await postHold(trx, { key: keyOf('post'), holdId: BigInt(holdId), actor });
        await writeOutbox(trx, movementEvent(workflowId(), input));
        return { transactionId: String(result.transactionId) };
      });
    },

    /** The compensation of the hold: the funds go back where they came from, with the "failed" message. */
    async voidMovement(input: MovementInput, holdId: string, actor: string, failure: MovementFailure): Promise<void> {
      await transaction(db, async (trx) => {
        await voidHold(trx, { key: keyOf('void'), holdId: BigInt(holdId), actor });
        await writeOutbox(trx, movementEvent(workflowId(), input, failure));
      });
    },

    /** A movement that ended before it held anything: only the "failed" message, so its starter hears why. */
    async failMovement(input: MovementInput, failure: MovementFailure): Promise<void> {
      await writeOutbox(db, movementEvent(workflowId(), input, failure));
    },
  });
}

export type TransferActivities = ReturnType<typeof createTransferActivities>;
