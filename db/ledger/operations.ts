import type { Knex } from 'knex';
import { asUamError } from '../../core/failures';
import { metrics } from '../../core/metrics';
import { activeTraceparent, inSpan, SpanKind } from '../../core/tracing';
import { billingPeriod } from '../../domain/periods';
import { runStatement, type Statement } from '../prepared';

/**
 * The ledger's operations. Each is one call of a uam_* database function: one round trip, one database
 * transaction, row locks in a fixed order, every rule checked under those locks — amounts included, so
 * nothing is checked twice. Each takes an idempotency key: replaying it returns the first result (replayed =
 * true) and moves nothing.
 */
export interface LedgerResult {
  /** null only where nothing needed to move (closing a month with nothing uncleared). */
  transactionId: bigint | null;
  replayed: boolean;
  /** The hold id (holds) or coupon id (coupons) the operation created. */
  refId: bigint | null;
}

type Conn = Knex | Knex.Transaction;

/**
 * One call of a ledger function as a named prepared statement on the pooled (or the transaction's) pg
 * connection: parsed once per connection, then one round trip per posting. Knex's query builder is skipped on
 * this hot path; it cost a third of bench:ledger's throughput. With tracing on, the call is a span, and the
 * statement first sets `uam.traceparent` for its own transaction, so the outbox events the function writes
 * carry the span (the outbox column's default reads it) and their queue jobs join the trace. Answers the
 * function's row.
 */
async function callRow(db: Conn, fn: string, args: unknown[]): Promise<Record<string, unknown>> {
  return inSpan(`ledger ${fn}`, { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.operation.name': fn } }, async (span) => {
    const traceparent = span && activeTraceparent();
    const end = metrics.ledgerDuration.startTimer({ operation: fn });
    let outcome = 'error';
    try {
      const rows = await runStatement(db, traceparent ? traced(fn, args, traceparent) : statement(fn, args));
      const row = rows[0] as Record<string, unknown>;
      outcome = row.replayed ? 'replayed' : 'ok';
      return row;
    } catch (err) {
      const mapped = asUamError(err);
      if (mapped) outcome = mapped.code;
      throw mapped ?? err;
    } finally {
      end();
      metrics.ledgerOperations.inc({ operation: fn, outcome });
      span?.setAttribute('uam.ledger.outcome', outcome);
    }
  });
}

async function call(db: Conn, fn: string, args: unknown[]): Promise<LedgerResult> {
  const row = (await callRow(db, fn, args)) as { transaction_id: bigint | null; replayed: boolean | null; ref_id: bigint | null };
  return { transactionId: row.transaction_id, replayed: row.replayed ?? false, refId: row.ref_id };
}

const placeholders = (args: unknown[], from = 1) => args.map((_, i) => `$${i + from}`).join(', ');

const statement = (fn: string, args: unknown[]): Statement =>
  ({ name: `${fn}/${args.length}`, text: `SELECT * FROM ${fn}(${placeholders(args)})`, values: args });

/**
 * The same call after set_config in one statement: a select list is evaluated left to right, and OFFSET 0 keeps
 * the function in the subquery, called once.
 */
const traced = (fn: string, args: unknown[], traceparent: string): Statement => ({
  name: `${fn}/${args.length}/traced`,
  text: `SELECT (r).* FROM (SELECT set_config('uam.traceparent', $1, true), ${fn}(${placeholders(args, 2)}) AS r OFFSET 0) s`,
  values: [traceparent, ...args],
});

export interface Keyed { key: string; actor: string }
export interface AccountAmount extends Keyed { accountId: number; amount: bigint }
export interface Movement extends Keyed { fromAccountId: number; toAccountId: number; amount: bigint }


export const topUp = async (db: Conn, p: AccountAmount) =>
  call(db, 'uam_receive', [p.key, 'top_up', p.accountId, p.amount, p.actor]);

/**
 * A usage charge of billing period `period` ("YYYY-MM"; default: the month running now in the default billing
 * time zone — callers with a configured zone or a usage time always pass it): coupons, then transfer books
 * oldest first, then own cash, then credit (the period's monthly uncleared, or historical once it is closed).
 */
export const consume = async (db: Conn, p: AccountAmount & { period?: string }) =>
  call(db, 'uam_consume', [p.key, p.accountId, p.amount, p.actor, p.period ?? billingPeriod(new Date())]);

export const repay = async (db: Conn, p: AccountAmount) =>
  call(db, 'uam_repay', [p.key, p.accountId, p.amount, p.actor]);

export const creditRefund = async (db: Conn, p: AccountAmount) =>
  call(db, 'uam_receive', [p.key, 'credit_refund', p.accountId, p.amount, p.actor]);

export const issueCoupon = async (db: Conn, p: AccountAmount & { validFrom: Date; validTo: Date }) =>
  call(db, 'uam_issue_coupon', [p.key, p.accountId, p.amount, p.validFrom, p.validTo, p.actor]);

export const expireCoupon = async (db: Conn, p: { couponId: bigint; actor: string }) =>
  call(db, 'uam_expire_coupon', [p.couponId, p.actor]);

/** Close of billing period "YYYY-MM" for one account: that period's monthly uncleared becomes historical. */
export const closeMonth = async (db: Conn, p: { period: string; accountId: number; actor: string }) =>
  call(db, 'uam_close_month', [p.period, p.accountId, p.actor]);

/** Transfer A → B at once: amount ≤ min(A's available quota, A's own cash). Lands in B's transfer book under A. */
export const transfer = async (db: Conn, p: Movement) =>
  call(db, 'uam_transfer', [p.key, 'transfer', p.fromAccountId, p.toAccountId, p.amount, p.actor]);

/**
 * Withdrawal at once: funds `holderAccountId` received from `sourceAccountId` go back to the source's own cash.
 */
export const withdraw = async (db: Conn, p: Keyed & { holderAccountId: number; sourceAccountId: number; amount: bigint }) =>
  call(db, 'uam_transfer', [p.key, 'withdrawal', p.holderAccountId, p.sourceAccountId, p.amount, p.actor]);

/**
 * A transfer or withdrawal in one call when no second admin must approve it (below the enterprise's dual-control
 * threshold, or none): posted at once, as `transfer` / `withdraw`. At or above the threshold, or once a hold was
 * placed under `holdKey`, nothing moves (transactionId null; an amount the hold would refuse is refused now) and
 * the funds are to be held instead. threshold: the enterprise's dual-control threshold, or null.
 */
export async function transferUnlessApproval(db: Conn, p: Movement & { purpose: 'transfer' | 'withdrawal'; holdKey: string }) {
  const row = await callRow(db, 'uam_transfer_unless_approval', [p.key, p.holdKey, p.purpose, p.fromAccountId, p.toAccountId, p.amount, p.actor]);
  return { transactionId: row.transaction_id as bigint | null, replayed: row.replayed as boolean, threshold: row.threshold as bigint | null };
}

/** Reserves the funds of a transfer (from A's own cash) or a withdrawal (from B's transfer book under A). */
export const placeHold = async (db: Conn, p: Movement & { purpose: 'transfer' | 'withdrawal' }) =>
  call(db, 'uam_place_hold', [p.key, p.purpose, p.fromAccountId, p.toAccountId, p.amount, p.actor]);

export const postHold = async (db: Conn, p: Keyed & { holdId: bigint }) =>
  call(db, 'uam_settle_hold', [p.key, p.holdId, true, p.actor]);

export const voidHold = async (db: Conn, p: Keyed & { holdId: bigint }) =>
  call(db, 'uam_settle_hold', [p.key, p.holdId, false, p.actor]);

/**
 * Sets the enterprise's total credit limit. The total it already has is refused (INVALID_STATE), or with
 * `sameOk` changes nothing (transactionId null).
 */
export const setEnterpriseCredit = async (db: Conn, p: Keyed & { enterpriseId: number; publicCloud: bigint; hybridCloud: bigint; reason: string; sameOk?: boolean }) =>
  call(db, 'uam_set_enterprise_credit', [p.key, p.enterpriseId, p.publicCloud, p.hybridCloud, p.actor, p.reason, p.sameOk ?? false]);

/** Raises (delta > 0) or lowers (delta < 0) a member's credit limit. */
export const changeMemberCredit = async (db: Conn, p: Keyed & { accountId: number; delta: bigint; acceptStop?: boolean; reason: string }) =>
  call(db, 'uam_change_member_credit', [p.key, p.accountId, p.delta, p.acceptStop ?? false, p.actor, p.reason]);

/** Sets a member's credit limit to `newLimit`, whatever it is now; a retry under the key returns the first result. */
export const setMemberCredit = async (db: Conn, p: Keyed & { accountId: number; newLimit: bigint; acceptStop?: boolean; reason: string }) =>
  call(db, 'uam_set_member_credit', [p.key, p.accountId, p.newLimit, p.acceptStop ?? false, p.actor, p.reason]);

export const moveMemberCredit = async (db: Conn, p: Movement & { acceptStop?: boolean; reason: string }) =>
  call(db, 'uam_move_member_credit', [p.key, p.fromAccountId, p.toAccountId, p.amount, p.acceptStop ?? false, p.actor, p.reason]);

/** Refuses a total credit limit the enterprise could not be given now (below what is assigned to members). */
export async function checkCreditTotal(db: Conn, p: { enterpriseId: number; publicCloud: bigint; hybridCloud: bigint }): Promise<void> {
  try {
    await db.raw('SELECT uam_preview_credit_total(?, ?, ?)', [p.enterpriseId, p.publicCloud.toString(), p.hybridCloud.toString()]);
  } catch (err) {
    throw asUamError(err) ?? err;
  }
}
