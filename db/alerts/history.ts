import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

export const ALERT_TOPICS = ['alert.low_balance', 'alert.recovered', 'alert.runway'] as const;

/** One alert event about an account, as the posting (or the scan) that decided it wrote it to the outbox. */
export interface AlertRecord {
  id: bigint;
  topic: (typeof ALERT_TOPICS)[number];
  /** Fen, at the crossing. */
  available: bigint;
  /** Fen: the low-balance threshold crossed (null for a runway alert). */
  threshold: bigint | null;
  /** Runway alerts: the days-left setting crossed. */
  days: number | null;
  at: Date;
}

/** The account's alert crossings (fired, recovered, runway), newest first (index outbox_account_alerts). */
export async function alertHistory(db: Conn, accountId: number, page: { limit: number; before?: bigint }): Promise<AlertRecord[]> {
  const q = db('outbox')
    .whereIn('topic', ALERT_TOPICS)
    .whereRaw(`payload->>'accountId' = ?`, [String(accountId)])
    .select('id', 'topic', 'payload', 'created_at');
  if (page.before !== undefined) q.where('id', '<', page.before.toString());
  const rows = await q.orderBy('id', 'desc').limit(page.limit);
  return rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    available: BigInt(r.payload.available),
    threshold: typeof r.payload.threshold === 'string' ? BigInt(r.payload.threshold) : null,
    days: typeof r.payload.days === 'number' ? r.payload.days : null,
    at: r.created_at,
  }));
}
