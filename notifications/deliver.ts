import type { Knex } from 'knex';
import { claimDelivery, finishDelivery, type DeliveryTable } from '../db/deliveries';
import { retryDelay, type RetryPolicy } from '../queues/retry-policy';
import { isPermanent } from './delivery-error';

/** Where one delivery attempt left its item. */
export type DeliveryResult =
  | { result: 'sent' }
  /** Sent by an earlier attempt: nothing was sent now. */
  | { result: 'already-sent' }
  /** Another worker's attempt is under way; its lease ends at `until` (then it may be taken over). */
  | { result: 'held'; until: Date }
  | { result: 'retry'; at: Date; error: string }
  /** Refused for good, or out of retry budget. */
  | { result: 'failed'; error: string }
  | { result: 'missing' };

/** A kind of thing to deliver: its table, and how one item is sent. */
export interface DeliveryTarget {
  table: DeliveryTable;
  /** Throws DeliveryError (permanent or retryable) or anything else (retried). */
  send(row: Record<string, unknown>): Promise<void>;
  /** Told the outcome of every attempt (metrics). */
  attempted?(row: Record<string, unknown>, outcome: 'sent' | 'retryable' | 'permanent'): void;
}

export interface DeliverOptions {
  policy: RetryPolicy;
  /** Also take the item if it failed (an ops re-drive), with a fresh retry budget. */
  redrive?: boolean;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * One attempt at one item, sent at most once per claim: the claim and a record of the attempt are written before
 * sending, so a worker that dies mid-send leaves an 'interrupted' attempt and a lease that runs out, after which
 * the next attempt takes over. What happens to the interrupted one is the one case not decided here: if the
 * transport accepted it in the moment before the worker died, the takeover sends it again, with the same
 * idempotency key (Message-ID, Idempotency-Key) so the receiving side can recognise the repeat. A lost notice is
 * worse than a recognisable duplicate, so delivery is at-least-once in that window and exactly-once elsewhere.
 */
export async function deliverItem(db: Knex, target: DeliveryTarget, id: bigint, options: DeliverOptions): Promise<DeliveryResult> {
  const claim = await claimDelivery(db, target.table, id, {
    leaseMs: options.policy.leaseMs,
    ...(options.redrive && { redriveGiveUpAfterMs: options.policy.giveUpAfterMs }),
  });
  if (!claim.claimed) {
    if (claim.status === 'sent') return { result: 'already-sent' };
    if (claim.status === 'missing') return { result: 'missing' };
    if (claim.status === 'failed') return { result: 'failed', error: 'failed earlier' };
    return { result: 'held', until: claim.nextAttemptAt ?? new Date() };
  }
  try {
    await target.send(claim.claimed.row);
  } catch (err) {
    const error = messageOf(err);
    target.attempted?.(claim.claimed.row, isPermanent(err) ? 'permanent' : 'retryable');
    if (isPermanent(err)) {
      await finishDelivery(db, target.table, claim.claimed, { outcome: 'permanent', error });
      return { result: 'failed', error };
    }
    const retryAt = new Date(Date.now() + retryDelay(options.policy, claim.claimed.attempt));
    const status = await finishDelivery(db, target.table, claim.claimed, { outcome: 'retryable', error, retryAt });
    return status === 'failed' ? { result: 'failed', error: `out of retry budget: ${error}` } : { result: 'retry', at: retryAt, error };
  }
  target.attempted?.(claim.claimed.row, 'sent');
  await recordSent(db, target.table, claim.claimed, Date.now() + options.policy.leaseMs * 0.9);
  return { result: 'sent' };
}

/**
 * Records a success, retrying through a database blip for as long as this worker's lease lasts: once the lease
 * ends another worker may take the item over and, not knowing it went out, send it again.
 */
async function recordSent(db: Knex, table: DeliveryTable, claimed: { id: bigint; attempt: number }, deadline: number): Promise<void> {
  for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
    try {
      await finishDelivery(db, table, claimed, { outcome: 'sent' });
      return;
    } catch (err) {
      if (Date.now() + wait >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
