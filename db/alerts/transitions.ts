import type { Knex } from 'knex';

export interface Transitions {
  /** Low-balance alerts that fired (each wrote one 'alert.low_balance' event). */
  fired: number[];
  rearmed: number[];
  /** Runway alerts that fired (each wrote one 'alert.runway' event). */
  runwayFired: number[];
}

/**
 * Applies the alert rules (db/sql/ledger-alerts.sql, the one place they live) to these accounts as they are
 * now: each alert whose state disagrees with the figures flips, and a crossing down writes its one event. The
 * accounts are locked first in id order with the ledger's lock strength, so this never deadlocks with a
 * posting, and a posting that committed meanwhile has already decided its own crossing.
 */
export async function applyAlertTransitions(trx: Knex.Transaction, accountIds: number[]): Promise<Transitions> {
  if (accountIds.length === 0) return { fired: [], rearmed: [], runwayFired: [] };
  await trx.raw('SELECT id FROM accounts WHERE id = ANY(?::int[]) ORDER BY id FOR NO KEY UPDATE', [accountIds]);
  const { rows } = await trx.raw(
    `SELECT 'low' AS rule, account_id, fired FROM uam_alert_transitions(?::int[])
     UNION ALL SELECT 'runway', account_id, fired FROM uam_runway_transitions(?::int[]) ORDER BY 2`,
    [accountIds, accountIds],
  );
  const list = rows as Array<{ rule: 'low' | 'runway'; account_id: number; fired: boolean }>;
  const low = list.filter((r) => r.rule === 'low');
  return {
    fired: low.filter((r) => r.fired).map((r) => r.account_id),
    rearmed: low.filter((r) => !r.fired).map((r) => r.account_id),
    runwayFired: list.filter((r) => r.rule === 'runway' && r.fired).map((r) => r.account_id),
  };
}
