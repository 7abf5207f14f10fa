import type { Knex } from 'knex';
import type { UamError } from '../../core/errors';
import { asUamError, toUamError } from '../../core/failures';
import { metrics } from '../../core/metrics';
import type { LedgerResult } from './operations';

type Conn = Knex | Knex.Transaction;

/** One billing event as the ledger takes it (amounts in fen); `index` is its place in the caller's list. */
export interface LedgerEvent {
  index: number;
  key: string;
  kind: 'top_up' | 'credit_refund' | 'consume' | 'repay' | 'coupon';
  accountId: number;
  amount: bigint;
  /** Charges: the billing period. */
  period?: string;
  /** Coupons: the validity window. */
  validFrom?: Date;
  validTo?: Date;
}

export type EventOutcome = { index: number; result: LedgerResult; error?: undefined } | { index: number; error: UamError; result?: undefined };

interface Row {
  o_index: number; o_transaction_id: bigint | null; o_replayed: boolean | null; o_ref_id: bigint | null;
  o_sqlstate: string | null; o_hint: string | null; o_detail: string | null; o_message: string | null;
}

/**
 * Posts many billing events in one call of uam_post_events (ledger-events.sql): one round trip and one database
 * transaction, each event idempotent under its own key and refused on its own. Outcomes come back in `index` order.
 */
export async function postEvents(db: Conn, events: LedgerEvent[], actor: string): Promise<EventOutcome[]> {
  if (events.length === 0) return [];
  const payload = events.map((e) => ({
    i: e.index, key: e.key, kind: e.kind, account: e.accountId, amount: e.amount.toString(),
    period: e.period ?? null, valid_from: e.validFrom?.toISOString() ?? null, valid_to: e.validTo?.toISOString() ?? null,
  }));
  const end = metrics.ledgerDuration.startTimer({ operation: 'uam_post_events' });
  let rows: Row[];
  try {
    ({ rows } = await db.raw('SELECT * FROM uam_post_events(?::jsonb, ?)', [JSON.stringify(payload), actor]));
  } catch (err) {
    metrics.ledgerOperations.inc({ operation: 'uam_post_events', outcome: 'error' });
    throw asUamError(err) ?? err;
  } finally {
    end();
  }
  metrics.ledgerOperations.inc({ operation: 'uam_post_events', outcome: 'ok' });
  return rows.sort((a, b) => a.o_index - b.o_index).map((r): EventOutcome => {
    if (r.o_sqlstate === null) {
      return { index: r.o_index, result: { transactionId: r.o_transaction_id, replayed: r.o_replayed ?? false, refId: r.o_ref_id } };
    }
    // The refusal as the database raised it, read by the one translator (core/failures.ts).
    const raised = { code: r.o_sqlstate, hint: r.o_hint || undefined, detail: r.o_detail || undefined, message: r.o_message, severity: 'ERROR' };
    return { index: r.o_index, error: toUamError(raised) };
  });
}
