import type { Knex } from 'knex';
import type { AlertState } from '../../domain/alerts';

type Conn = Knex | Knex.Transaction;

/** One account's alert setting as users see it, with the figures it is judged against. */
export interface AlertSettingRow {
  accountId: number;
  enterpriseId: number;
  accountName: string;
  status: 'active' | 'stopped' | 'closed';
  available: bigint;
  threshold: bigint | null;
  enabled: boolean;
  state: AlertState;
  /** Also send a "recovered" message when a fired alert re-arms. */
  recovered: boolean;
  /** The runway alert: fewer than this many days of runway (null: off), and its own fire-once state. */
  runwayDays: number | null;
  runwayState: AlertState;
}

const COLUMNS = `id, enterprise_id, name, status, available, alert_threshold, alert_enabled, alert_state, alert_recovered, runway_days, runway_state`;

function toRow(r: Record<string, unknown>): AlertSettingRow {
  return {
    accountId: r.id as number,
    enterpriseId: r.enterprise_id as number,
    accountName: r.name as string,
    status: r.status as AlertSettingRow['status'],
    available: r.available as bigint,
    threshold: (r.alert_threshold as bigint | null) ?? null,
    enabled: r.alert_enabled as boolean,
    state: r.alert_state as AlertState,
    recovered: r.alert_recovered as boolean,
    runwayDays: (r.runway_days as number | null) ?? null,
    runwayState: r.runway_state as AlertState,
  };
}

/** The settings of these accounts (those that exist), in id order. */
export async function readAlertSettings(db: Conn, accountIds: number[]): Promise<AlertSettingRow[]> {
  const { rows } = await db.raw(`SELECT ${COLUMNS} FROM accounts WHERE id = ANY(?::int[]) ORDER BY id`, [accountIds]);
  return (rows as Array<Record<string, unknown>>).map(toRow);
}

/**
 * Same, with the rows locked for the rest of the transaction — in id order and with the ledger's lock
 * strength (NO KEY UPDATE), so a settings change and a posting can never deadlock.
 */
export async function lockAlertSettings(trx: Knex.Transaction, accountIds: number[]): Promise<AlertSettingRow[]> {
  const { rows } = await trx.raw(
    `SELECT ${COLUMNS} FROM accounts WHERE id = ANY(?::int[]) ORDER BY id FOR NO KEY UPDATE`,
    [accountIds],
  );
  return (rows as Array<Record<string, unknown>>).map(toRow);
}

export interface AlertChange {
  /** New threshold in fen; undefined keeps the current one (enable/disable only). */
  threshold?: bigint;
  /** Undefined keeps the current flag. */
  enabled?: boolean;
  recovered?: boolean;
  /** Days for the runway alert, null to turn it off; undefined keeps it. */
  runwayDays?: number | null;
}

/**
 * Applies one change to every listed account. A real change of threshold or flag re-arms the alert, so the
 * next check judges the account against the new setting from scratch (and may notify once for it); a changed
 * runway re-arms the runway alert the same way.
 */
export async function writeAlertSettings(trx: Knex.Transaction, accountIds: number[], change: AlertChange): Promise<void> {
  // Each new value as SQL: a binding, or the column itself when the change leaves it as it is.
  const keep = (value: bigint | boolean | number | null | undefined, column: string, cast: string): [string, Knex.RawBinding[]] =>
    value === undefined ? [column, []] : [`?::${cast}`, [typeof value === 'bigint' ? value.toString() : value]];
  const [threshold, t] = keep(change.threshold, 'alert_threshold', 'bigint');
  const [enabled, e] = keep(change.enabled, 'alert_enabled', 'boolean');
  const [recovered, r] = keep(change.recovered, 'alert_recovered', 'boolean');
  const [runway, d] = keep(change.runwayDays, 'runway_days', 'integer');
  await trx.raw(
    `UPDATE accounts SET
       alert_threshold = ${threshold}, alert_enabled = ${enabled}, alert_recovered = ${recovered}, runway_days = ${runway},
       alert_state = CASE WHEN alert_threshold IS DISTINCT FROM ${threshold} OR alert_enabled <> ${enabled} THEN 'armed' ELSE alert_state END,
       runway_state = CASE WHEN runway_days IS DISTINCT FROM ${runway} OR alert_enabled <> ${enabled} THEN 'armed' ELSE runway_state END
     WHERE id = ANY(?::int[])`,
    [...t, ...e, ...r, ...d, ...t, ...e, ...d, ...e, accountIds],
  );
}
