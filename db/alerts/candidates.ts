import type { Knex } from 'knex';
import type { AlertSetting } from '../../domain/alerts';

type Conn = Knex | Knex.Transaction;

/** What an alert check needs of one account. */
export interface AlertCandidate {
  accountId: number;
  setting: AlertSetting;
  available: bigint;
}

const COLUMNS = 'id, alert_threshold, alert_enabled, alert_state, available';

function toCandidate(r: Record<string, unknown>): AlertCandidate {
  return {
    accountId: r.id as number,
    setting: {
      threshold: (r.alert_threshold as bigint | null) ?? null,
      enabled: r.alert_enabled as boolean,
      state: r.alert_state as AlertSetting['state'],
    },
    available: r.available as bigint,
  };
}

export interface ScanPage {
  /** The last account id this page covers; null once past the last account. */
  lastId: number | null;
  /** Accounts of the page whose alert state disagrees with their balance (armed and below, or fired and back), and those with a runway alert. */
  candidates: AlertCandidate[];
}

/**
 * The condition the partial index accounts_alert_due holds (written identically, so the planner uses it):
 * the alert state disagrees with the balance — armed and below, or fired and back at or above.
 */
const DUE = `a.alert_enabled AND (a.alert_state = 'armed') = (a.available < a.alert_threshold)`;
/** Accounts with a runway alert (partial index accounts_runway_watch): judged at every scan, as time moves their runway. */
const RUNWAY = `a.alert_enabled AND a.runway_days IS NOT NULL`;

/**
 * One page of the periodic scan: the `size` account ids starting at the first account after `afterId` (so a
 * gap in the ids costs nothing), and among them the accounts whose state may need to change, read from the
 * partial index. A page is one primary-key probe and one small index range read whatever the balances,
 * and only candidates leave the database.
 */
export async function scanPage(db: Conn, afterId: number, size: number): Promise<ScanPage> {
  const { rows } = await db.raw(
    `WITH page AS (SELECT min(id) AS first_id FROM accounts WHERE id > ?)
     SELECT page.first_id, ${COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')}
     FROM page LEFT JOIN accounts a ON a.id >= page.first_id AND a.id < page.first_id::bigint + ? AND ((${DUE}) OR (${RUNWAY}))`,
    [afterId, size],
  );
  const list = rows as Array<Record<string, unknown>>;
  const firstId = (list[0]?.first_id as number | null | undefined) ?? null;
  return {
    lastId: firstId === null ? null : firstId + size - 1,
    candidates: list.filter((r) => r.id !== null).map(toCandidate),
  };
}
