import type { Knex } from 'knex';
import type { DeliveryStatus, DeliveryTable } from './deliveries';

type Conn = Knex | Knex.Transaction;

/** Webhook deliveries as a delivery table (db/deliveries.ts): claimed, attempted and finished like any delivery. */
export const WEBHOOK_DELIVERIES: DeliveryTable = { items: 'webhook_deliveries', attempts: 'webhook_attempts', itemFk: 'webhook_delivery_id' };

/** An endpoint as it is listed: never its secret. */
export interface WebhookEndpoint {
  id: bigint;
  enterpriseId: number;
  url: string;
  events: string[];
  status: 'active' | 'disabled';
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdBy: string;
  createdAt: Date;
}

const ENDPOINT_COLUMNS = ['id', 'enterprise_id', 'url', 'events', 'status', 'failing_since', 'disabled_at', 'disabled_reason', 'created_by', 'created_at'];

const toEndpoint = (r: Record<string, unknown>): WebhookEndpoint => ({
  id: BigInt(r.id as bigint),
  enterpriseId: r.enterprise_id as number,
  url: r.url as string,
  events: r.events as string[],
  status: r.status as WebhookEndpoint['status'],
  failingSince: (r.failing_since as Date | null) ?? null,
  disabledAt: (r.disabled_at as Date | null) ?? null,
  disabledReason: (r.disabled_reason as string | null) ?? null,
  createdBy: r.created_by as string,
  createdAt: r.created_at as Date,
});

export async function insertEndpoint(db: Conn, e: { enterpriseId: number; url: string; events: string[]; secret: string; actor: string }): Promise<WebhookEndpoint> {
  const [row] = await db('webhook_endpoints')
    .insert({ enterprise_id: e.enterpriseId, url: e.url, events: e.events, secret: e.secret, created_by: e.actor })
    .returning(ENDPOINT_COLUMNS);
  return toEndpoint(row);
}

export async function listEndpoints(db: Conn, enterpriseId: number): Promise<WebhookEndpoint[]> {
  return (await db('webhook_endpoints').where({ enterprise_id: enterpriseId }).orderBy('id').select(ENDPOINT_COLUMNS)).map(toEndpoint);
}

export async function findEndpoint(db: Conn, enterpriseId: number, id: bigint): Promise<WebhookEndpoint | null> {
  const row = await db('webhook_endpoints').where({ enterprise_id: enterpriseId, id: id.toString() }).first(ENDPOINT_COLUMNS);
  return row ? toEndpoint(row) : null;
}

/** What the sender needs of an endpoint: where, signed with what, and whether it still takes deliveries. */
export async function endpointForSending(db: Conn, id: bigint): Promise<{ url: string; secret: string; status: string; enterpriseId: number } | null> {
  const row = await db('webhook_endpoints').where({ id: id.toString() }).first('url', 'secret', 'status', 'enterprise_id');
  return row ? { url: row.url, secret: row.secret, status: row.status, enterpriseId: row.enterprise_id } : null;
}

/**
 * Records an event's delivery to each active endpoint of its enterprise that asked for its topic, once per
 * (endpoint, event id), each given up `giveUpAfterMs` from now. Returns the ids of those still to send.
 */
export async function recordWebhookDeliveries(
  db: Conn,
  event: { key: string; topic: string; enterpriseId: number; body: string },
  giveUpAfterMs: number,
): Promise<bigint[]> {
  // The statement's own inserts are not visible to its SELECT: new rows come from RETURNING, earlier ones from the table.
  const { rows } = await db.raw(
    `WITH inserted AS (
       INSERT INTO webhook_deliveries (endpoint_id, event_key, topic, body, give_up_at)
       SELECT id, ?, ?, ?, now() + ?::float8 * interval '1 millisecond' FROM webhook_endpoints
       WHERE enterprise_id = ? AND status = 'active' AND ? = ANY(events)
       ON CONFLICT ON CONSTRAINT webhook_delivery_once DO NOTHING
       RETURNING id
     )
     SELECT id FROM inserted
     UNION SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
     WHERE e.enterprise_id = ? AND d.event_key = ? AND d.status IN ('pending', 'retrying', 'sending') ORDER BY id`,
    [event.key, event.topic, event.body, giveUpAfterMs, event.enterpriseId, event.topic, event.enterpriseId, event.key],
  );
  return (rows as Array<{ id: bigint }>).map((r) => BigInt(r.id));
}

/**
 * Keeps an endpoint's record of failure after an attempt: a success clears it; a failure starts it (if not
 * already failing) and, once the endpoint has failed for `windowMs` with no success, disables it. Returns true
 * when this call disabled it (the caller tells the enterprise, once).
 */
export async function noteEndpointAttempt(db: Conn, endpointId: bigint, ok: boolean, windowMs: number): Promise<boolean> {
  if (ok) {
    await db('webhook_endpoints').where({ id: endpointId.toString() }).whereNotNull('failing_since').update({ failing_since: null });
    return false;
  }
  // One UPDATE (a second one of the same row in the same statement would be ignored); SET reads the old failing_since.
  const over = `(failing_since <= now() - :windowMs::float8 * interval '1 millisecond')`;
  const { rows } = await db.raw(
    `UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now()),
       status = CASE WHEN ${over} THEN 'disabled' ELSE status END,
       disabled_at = CASE WHEN ${over} THEN now() END,
       disabled_reason = CASE WHEN ${over} THEN format('every delivery failed from %s for %s',
         to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), :window::text) END
     WHERE id = :id AND status = 'active'
     RETURNING status`,
    { id: endpointId.toString(), window: `${Math.round(windowMs / 3_600_000)} h`, windowMs },
  );
  return (rows as Array<{ status: string }>).some((r) => r.status === 'disabled');
}

/** Turns a disabled endpoint back on, its failure record cleared. Returns false if it was not disabled. */
export async function enableEndpoint(db: Conn, endpointId: bigint): Promise<boolean> {
  const n = await db('webhook_endpoints').where({ id: endpointId.toString(), status: 'disabled' })
    .update({ status: 'active', disabled_at: null, disabled_reason: null, failing_since: null });
  return n > 0;
}

export interface WebhookDelivery {
  id: bigint;
  endpointId: bigint;
  eventKey: string;
  topic: string;
  status: DeliveryStatus;
  attempts: Array<{ attempt: number; outcome: string | null; error: string | null; at: Date }>;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** An endpoint's deliveries, newest first, each with every attempt. */
export async function listDeliveries(db: Conn, endpointId: bigint, page: { limit: number; before?: bigint }): Promise<WebhookDelivery[]> {
  const rows: Array<Record<string, any>> = await db('webhook_deliveries').where({ endpoint_id: endpointId.toString() }) // eslint-disable-line @typescript-eslint/no-explicit-any
    .modify((q) => { if (page.before !== undefined) q.where('id', '<', page.before.toString()); })
    .orderBy('id', 'desc').limit(page.limit);
  const ids = rows.map((r) => r.id as string);
  const attempts = ids.length === 0 ? [] : await db('webhook_attempts').whereIn('webhook_delivery_id', ids).orderBy(['webhook_delivery_id', 'attempt']);
  return rows.map((r) => ({
    id: BigInt(r.id),
    endpointId: BigInt(r.endpoint_id),
    eventKey: r.event_key,
    topic: r.topic,
    status: r.status,
    attempts: attempts.filter((a) => String(a.webhook_delivery_id) === String(r.id)).map((a) => ({ attempt: a.attempt, outcome: a.outcome, error: a.error, at: a.at })),
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

/**
 * A resend by hand: a delivery that failed becomes due again with a fresh retry budget. Only a failed one — it
 * was never accepted, so resending it cannot deliver the event twice. Returns its status before (null: none).
 */
export async function resendDelivery(db: Conn, endpointId: bigint, id: bigint, giveUpAfterMs: number): Promise<DeliveryStatus | 'resent' | null> {
  const { rows } = await db.raw(
    `UPDATE webhook_deliveries SET status = 'retrying', next_attempt_at = now(), updated_at = now(),
       give_up_at = now() + ?::float8 * interval '1 millisecond'
     WHERE id = ? AND endpoint_id = ? AND status = 'failed' RETURNING id`,
    [giveUpAfterMs, id.toString(), endpointId.toString()],
  );
  if (rows.length > 0) return 'resent';
  const row = await db('webhook_deliveries').where({ id: id.toString(), endpoint_id: endpointId.toString() }).first('status');
  return (row?.status as DeliveryStatus | undefined) ?? null;
}
