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

/** These accounts as the event-driven check sees them. */
export async function readAlertCandidates(db: Conn, accountIds: number[]): Promise<AlertCandidate[]> {
  if (accountIds.length === 0) return [];
  const { rows } = await db.raw(`SELECT ${COLUMNS} FROM accounts WHERE id = ANY(?::int[]) ORDER BY id`, [accountIds]);
  return (rows as Array<Record<string, unknown>>).map(toCandidate);
}

export interface ScanPage {
  /** The last account id of this page; null once past the last account. */
  lastId: number | null;
  /** Accounts in the page. */
  size: number;
  /** Accounts of the page whose alert state disagrees with their balance (armed and below, or fired and back). */
  candidates: AlertCandidate[];
}

/**
 * One keyset page of the periodic scan: the next `size` accounts after `afterId` in id order. Only the
 * accounts whose state may need to change leave the database, so a page costs one index range read and a
 * few rows on the wire, whatever its size.
 */
export async function scanPage(db: Conn, afterId: number, size: number): Promise<ScanPage> {
  const { rows } = await db.raw(
    `WITH page AS (
       SELECT ${COLUMNS} FROM accounts WHERE id > ? ORDER BY id LIMIT ?
     )
     SELECT last.last_id, last.size, p.* FROM (SELECT max(id) AS last_id, count(*)::int AS size FROM page) last
     LEFT JOIN page p ON p.alert_enabled AND (p.alert_state = 'armed') = (p.available < p.alert_threshold)`,
    [afterId, size],
  );
  const list = rows as Array<Record<string, unknown>>;
  return {
    lastId: (list[0]?.last_id as number | null | undefined) ?? null,
    size: (list[0]?.size as number | undefined) ?? 0,
    candidates: list.filter((r) => r.id !== null).map(toCandidate),
  };
}
