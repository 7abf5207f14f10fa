import { UamError } from '../core/errors';
import type { MovementInput } from './transfers';

/** One account of a movement as the check sees it. */
export interface MovementParty {
  accountId: number;
  enterpriseId: number;
  status: 'active' | 'stopped' | 'closed';
  dualControlThreshold: bigint | null;
  /** The ledger's transferable / withdrawable figure, for the account whose funds move; null for the other. */
  maximum: bigint | null;
}

/**
 * Refuses early what the ledger would refuse under its locks, plus what only the starter's scope decides:
 * different accounts, both in the starter's enterprise (outside it they do not exist for the starter), both
 * open, the amount within the maximum. Returns the enterprise's dual-control threshold.
 * `holdPlaced`: this movement's own hold exists already (the check runs again after a crash), so its funds
 * are no longer in the maximum and the hold itself proved them.
 */
export function checkMovement(input: MovementInput, parties: MovementParty[], holdPlaced = false): { threshold: bigint | null; maximum: bigint } {
  const { fromAccountId: from, toAccountId: to, enterpriseId, kind } = input;
  if (from === to) throw new UamError('SAME_ACCOUNT', 'source and destination must be different accounts', { accountId: from });
  const inside = parties.filter((p) => p.enterpriseId === enterpriseId);
  const source = inside.find((p) => p.accountId === from);
  const target = inside.find((p) => p.accountId === to);
  if (!source && !target) throw new UamError('ACCOUNT_NOT_FOUND', `account ${from} not found`, { accountId: from });
  if (!source || !target) {
    throw new UamError('CROSS_ENTERPRISE', `account ${source ? to : from} does not belong to this enterprise: both accounts must`, {
      accountIds: [from, to], enterpriseId,
    });
  }
  const closed = [source, target].find((p) => p.status === 'closed');
  if (closed) throw new UamError('ACCOUNT_CLOSED', `account ${closed.accountId} is closed`, { accountId: closed.accountId });

  const maximum = source.maximum ?? 0n;
  if (!holdPlaced && BigInt(input.amount) > maximum) {
    const transfer = kind === 'transfer';
    const message = transfer
      ? `account ${from} can transfer at most ${maximum} fen (its own cash within its available quota)`
      : `at most ${maximum} fen can be withdrawn from account ${from} to account ${to} (unconsumed funds it transferred)`;
    throw new UamError(transfer ? 'TRANSFER_EXCEEDS_MAXIMUM' : 'WITHDRAWAL_EXCEEDS_MAXIMUM', message, {
      maximum: maximum.toString(), accountId: from, ...(!transfer && { sourceAccountId: to }),
    });
  }
  return { threshold: source.dualControlThreshold, maximum };
}
