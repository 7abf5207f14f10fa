import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/**
 * The alert state changes, each one SQL statement that re-checks the rule on the row as it is now
 * (Postgres re-evaluates the WHERE after waiting for a concurrent writer). `decideAlert` chooses which
 * accounts to try; these guards make the choice safe when the event-driven check and the scan race, or
 * the balance moved since it was read: only one of them can move an account from 'armed' to 'fired'.
 */

/**
 * Locks these accounts in id order — the ledger's order and lock strength — before any transition touches
 * them, so a check that fires some accounts and re-arms others can never deadlock with a posting.
 */
export async function lockForTransitions(trx: Knex.Transaction, accountIds: number[]): Promise<void> {
  await trx.raw('SELECT id FROM accounts WHERE id = ANY(?::int[]) ORDER BY id FOR NO KEY UPDATE', [accountIds]);
}

/**
 * Fires the alert of each account that is still armed, enabled and below its threshold: flips it to
 * 'fired', counts the crossing and writes one 'alert.low_balance' outbox event — in one statement, so the
 * state and the event commit together. The dedupe key `alert:<account>:<crossing>` makes a second write
 * for the same crossing impossible. Returns the accounts that fired.
 */
export async function fireAlerts(db: Conn, accountIds: number[]): Promise<number[]> {
  if (accountIds.length === 0) return [];
  const { rows } = await db.raw(
    `WITH fired AS (
       UPDATE accounts SET alert_state = 'fired', alert_crossings = alert_crossings + 1
       WHERE id = ANY(?::int[]) AND alert_state = 'armed' AND alert_enabled AND available < alert_threshold
       RETURNING id, enterprise_id, available, alert_threshold, alert_crossings, status
     )
     INSERT INTO outbox (topic, dedupe_key, payload)
     SELECT 'alert.low_balance', format('alert:%s:%s', id, alert_crossings),
            jsonb_build_object('accountId', id, 'enterpriseId', enterprise_id, 'available', available::text,
                               'threshold', alert_threshold::text, 'stopped', status = 'stopped')
     FROM fired ORDER BY id
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING (payload->>'accountId')::int AS account_id`,
    [accountIds],
  );
  return (rows as Array<{ account_id: number }>).map((r) => r.account_id);
}

/** Re-arms each fired alert whose account is back at or above its threshold. Returns the accounts re-armed. */
export async function rearmAlerts(db: Conn, accountIds: number[]): Promise<number[]> {
  if (accountIds.length === 0) return [];
  const { rows } = await db.raw(
    `UPDATE accounts SET alert_state = 'armed'
     WHERE id = ANY(?::int[]) AND alert_state = 'fired' AND alert_enabled AND available >= alert_threshold
     RETURNING id`,
    [accountIds],
  );
  return (rows as Array<{ id: number }>).map((r) => r.id);
}
