import { UamError } from '../core/errors';
import type { Db } from '../db/connection';
import { placeHold, postHold, voidHold } from '../db/ledger/operations';
import { getAccount, maxTransferable, maxWithdrawable, type AccountFigures } from '../db/ledger/queries';
import { writeOutbox } from '../db/outbox';
import { dualControlThreshold } from '../db/transfers/dual-control';
import type { OutboxEvent } from '../domain/events';
import { movementWorkflowId, stepKey, type MovementInput } from '../domain/transfers';
import { withTypedFailures } from './failures';

export interface MovementCheck {
  /** Fen string: the enterprise's dual-control threshold, or null when it has none. */
  threshold: string | null;
  /** Fen string: the ledger's transferable / withdrawable figure when checked. */
  maximum: string;
}

async function loadParty(db: Db, accountId: number): Promise<AccountFigures | null> {
  return getAccount(db, accountId).catch((err: unknown) => {
    if (err instanceof UamError && err.code === 'ACCOUNT_NOT_FOUND') return null;
    throw err;
  });
}

/** Same enterprise (the starter's), both accounts open, different accounts. Outside accounts read as not found. */
async function checkParties(db: Db, input: MovementInput): Promise<void> {
  const { fromAccountId: from, toAccountId: to, enterpriseId } = input;
  if (from === to) throw new UamError('SAME_ACCOUNT', 'source and destination must be different accounts', { accountId: from });
  const parties = [await loadParty(db, from), await loadParty(db, to)];
  const inside = parties.filter((a) => a?.enterpriseId === enterpriseId);
  if (inside.length === 0) {
    throw new UamError('ACCOUNT_NOT_FOUND', `account ${from} not found`, { accountId: from });
  }
  if (inside.length === 1) {
    const outside = parties[0]?.enterpriseId === enterpriseId ? to : from;
    throw new UamError('CROSS_ENTERPRISE', `account ${outside} does not belong to this enterprise: both accounts must`, {
      accountIds: [from, to], enterpriseId,
    });
  }
  const closed = inside.find((a) => a?.status === 'closed');
  if (closed) throw new UamError('ACCOUNT_CLOSED', `account ${closed.id} is closed`, { accountId: closed.id });
}

async function checkMaximum(db: Db, input: MovementInput): Promise<bigint> {
  const amount = BigInt(input.amount);
  const transfer = input.kind === 'transfer';
  const maximum = transfer
    ? await maxTransferable(db, input.fromAccountId)
    : await maxWithdrawable(db, input.fromAccountId, input.toAccountId);
  if (amount > maximum) {
    const message = transfer
      ? `account ${input.fromAccountId} can transfer at most ${maximum} fen (its own cash within its available quota)`
      : `at most ${maximum} fen can be withdrawn from account ${input.fromAccountId} to account ${input.toAccountId} (unconsumed funds it transferred)`;
    throw new UamError(transfer ? 'TRANSFER_EXCEEDS_MAXIMUM' : 'WITHDRAWAL_EXCEEDS_MAXIMUM', message, {
      maximum: maximum.toString(), accountId: input.fromAccountId, ...(!transfer && { sourceAccountId: input.toAccountId }),
    });
  }
  return maximum;
}

/**
 * The steps of transfer and withdrawal workflows. Every money step is one ledger call under the key
 * `<workflowId>:<step>`, so a retry after a crash replays the first result and moves nothing twice.
 */
export function createTransferActivities(deps: { db: Db }) {
  const { db } = deps;
  const keyOf = (input: MovementInput, step: 'hold' | 'post' | 'void') => stepKey(movementWorkflowId(input.kind, input.requestId), step);

  return withTypedFailures({
    /** Refuses early what the ledger would refuse, and reads the enterprise's dual-control threshold. */
    async checkMovement(input: MovementInput): Promise<MovementCheck> {
      await checkParties(db, input);
      const maximum = await checkMaximum(db, input);
      const threshold = await dualControlThreshold(db, input.enterpriseId);
      return { threshold: threshold?.toString() ?? null, maximum: maximum.toString() };
    },

    /** Reserves the funds; the ledger re-checks the maximum under its row locks. */
    async holdMovement(input: MovementInput, actor: string): Promise<{ holdId: string }> {
      const result = await placeHold(db, {
        key: keyOf(input, 'hold'), purpose: input.kind, fromAccountId: input.fromAccountId, toAccountId: input.toAccountId,
        amount: BigInt(input.amount), actor,
      });
      return { holdId: String(result.refId) };
    },

    /** Lands the held funds; refused if the holder's available quota fell below zero meanwhile. */
    async postMovement(input: MovementInput, holdId: string, actor: string): Promise<{ transactionId: string }> {
      const result = await postHold(db, { key: keyOf(input, 'post'), holdId: BigInt(holdId), actor });
      return { transactionId: String(result.transactionId) };
    },

    /** The compensation of the hold: the funds go back where they came from. */
    async voidMovement(input: MovementInput, holdId: string, actor: string): Promise<void> {
      await voidHold(db, { key: keyOf(input, 'void'), holdId: BigInt(holdId), actor });
    },

    /** Queues the done/failed message through the outbox; its dedupe key makes a retry a no-op. */
    async notifyMovement(event: OutboxEvent<'transfer.completed' | 'transfer.failed'>): Promise<void> {
      await writeOutbox(db, event);
    },
  });
}

export type TransferActivities = ReturnType<typeof createTransferActivities>;
