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
}

const COLUMNS = `id, enterprise_id, name, status, available, alert_threshold, alert_enabled, alert_state`;

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
  enabled: boolean;
}

/**
 * Applies one change to every listed account. A real change of threshold or flag re-arms the alert, so the
 * next check judges the account against the new setting from scratch (and may notify once for it).
 */
export async function writeAlertSettings(trx: Knex.Transaction, accountIds: number[], change: AlertChange): Promise<void> {
  const threshold = change.threshold === undefined ? 'alert_threshold' : '?::bigint';
  const args: Knex.RawBinding[] = change.threshold === undefined ? [] : [change.threshold.toString()];
  await trx.raw(
    `UPDATE accounts SET
       alert_threshold = ${threshold},
       alert_enabled = ?,
       alert_state = CASE WHEN alert_threshold IS DISTINCT FROM ${threshold} OR alert_enabled <> ? THEN 'armed' ELSE alert_state END
     WHERE id = ANY(?::int[])`,
    [...args, change.enabled, ...args, change.enabled, accountIds],
  );
}
