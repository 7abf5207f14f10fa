import type { Knex } from 'knex';
import { asUamError } from '../core/failures';
import { activeTraceparent } from '../core/tracing';

/** Serialization failure or deadlock: the whole transaction may simply be run again. */
const isRetryable = (err: unknown): boolean => ['40001', '40P01'].includes(String((err as { code?: unknown } | null)?.code));

export interface TransactionOptions {
  isolationLevel?: Knex.IsolationLevels;
  /** Attempts in all, counting the first (serialization failures and deadlocks only). */
  attempts?: number;
}

/**
 * Runs `work` in a transaction. Inside an outer transaction it simply joins it (the outer one owns retries);
 * otherwise it retries only on serialization failure or deadlock, with a short jittered pause.
 * Errors leave as typed errors where they are refusals (core/failures.ts). With tracing on, the transaction first
 * sets `uam.traceparent` to the active span, so the outbox events its SQL writes carry it (the column's default).
 */
export async function transaction<T>(
  db: Knex | Knex.Transaction,
  work: (trx: Knex.Transaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (db.isTransaction) return work(db as Knex.Transaction);
  const attempts = options.attempts ?? 5;
  const traceparent = activeTraceparent();
  const traced = traceparent
    ? async (trx: Knex.Transaction) => {
      await trx.raw(`SELECT set_config('uam.traceparent', ?, true)`, [traceparent]);
      return work(trx);
    }
    : work;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(traced, options.isolationLevel ? { isolationLevel: options.isolationLevel } : undefined);
    } catch (err) {
      if (attempt < attempts && isRetryable(err)) {
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
        continue;
      }
      throw asUamError(err) ?? err;
    }
  }
}
