import { Context } from '@temporalio/activity';
import type { Db } from '../db/connection';
import { placeHold, postHold, voidHold } from '../db/ledger/operations';
import { writeOutbox } from '../db/outbox';
import { movementParties } from '../db/transfers/movement-parties';
import { transaction } from '../db/transaction';
import { checkMovement } from '../domain/movement-check';
import { movementEvent, stepKey, type MovementFailure, type MovementInput } from '../domain/transfers';
import { withTypedFailures } from './failures';

export interface MovementCheck {
  /** Fen string: the enterprise's dual-control threshold, or null when it has none. */
  threshold: string | null;
  /** Fen string: the ledger's transferable / withdrawable figure when checked. */
  maximum: string;
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
    /** Refuses early what the ledger would refuse, and reads the enterprise's dual-control threshold. */
    async checkMovement(input: MovementInput): Promise<MovementCheck> {
      const { parties, holdPlaced } = await movementParties(db, { ...input, holdKey: keyOf('hold') });
      const { threshold, maximum } = checkMovement(input, parties, holdPlaced);
      return { threshold: threshold?.toString() ?? null, maximum: maximum.toString() };
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
