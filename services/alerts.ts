import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { UamError } from '../core/errors';
import { lockAlertSettings, readAlertSettings, writeAlertSettings, type AlertChange, type AlertSettingRow } from '../db/alerts/settings';
import { writeOutbox } from '../db/outbox';
import { transaction } from '../db/transaction';
import { parseYuan } from '../domain/money';
import { requirePermission } from '../domain/permissions';
import { actorOf, type Principal } from '../domain/principal';
import { requireAccountsReach } from './scope';

export type { AlertSettingRow as AlertSettings };

/** The most accounts one batch may change; a console selection is far smaller. */
export const MAX_ALERT_BATCH = 10_000;

function accountIdsOf(input: unknown): number[] {
  const ok = Array.isArray(input) && input.length > 0 && input.every((id) => Number.isInteger(id) && id > 0 && id <= 2 ** 31 - 1);
  if (!ok) throw new UamError('VALIDATION_FAILED', 'accountIds: must be a non-empty list of account ids', { field: 'accountIds' });
  const ids = [...new Set(input as number[])].sort((a, b) => a - b);
  if (ids.length > MAX_ALERT_BATCH) {
    throw new UamError('VALIDATION_FAILED', `accountIds: at most ${MAX_ALERT_BATCH} accounts at once`, { field: 'accountIds', maximum: MAX_ALERT_BATCH });
  }
  return ids;
}

/** The rows of the accounts named, if the principal reaches every one (services/scope.ts), in id order. */
const requireAll = (principal: Principal, ids: number[], rows: AlertSettingRow[]): AlertSettingRow[] =>
  requireAccountsReach(principal, ids, rows.map((r) => ({ ...r, id: r.accountId }))).map(({ id: _id, ...r }) => r);

/** The alert setting and status of each account, in id order (a member: only its own). */
export async function getAlertSettings(db: Knex, principal: Principal, accountIds: number[]): Promise<AlertSettingRow[]> {
  requirePermission(principal, 'accounts.read');
  const ids = accountIdsOf(accountIds);
  return requireAll(principal, ids, await readAlertSettings(db, ids));
}

/**
 * Applies one change to all the accounts or to none: any account unknown, outside the principal's
 * enterprise or closed — or, when only enabling, without a threshold — refuses the whole change. Queues an
 * alert check of the accounts in the same transaction (outbox), so a new threshold is judged at once.
 */
async function applyChange(db: Knex, principal: Principal, accountIds: number[], change: AlertChange): Promise<AlertSettingRow[]> {
  requirePermission(principal, 'alerts.write');
  const ids = accountIdsOf(accountIds);
  await transaction(db, async (trx) => {
    const rows = requireAll(principal, ids, await lockAlertSettings(trx, ids));
    const closed = rows.filter((r) => r.status === 'closed').map((r) => r.accountId);
    if (closed.length > 0) throw new UamError('ACCOUNT_CLOSED', `closed accounts have no alerts: ${closed.join(', ')}`, { accountIds: closed });
    const noThreshold = change.threshold === undefined && change.enabled === true ? rows.filter((r) => r.threshold === null).map((r) => r.accountId) : [];
    if (noThreshold.length > 0) {
      throw new UamError('VALIDATION_FAILED', `set a threshold before enabling the alert of ${noThreshold.join(', ')}`, { field: 'threshold', accountIds: noThreshold });
    }
    await writeAlertSettings(trx, ids, change);
    await writeOutbox(trx, {
      topic: 'alert.settings_changed',
      dedupeKey: `alert.settings:${randomUUID()}`,
      payload: { accountIds: ids, actor: actorOf(principal) },
    });
  });
  return readAlertSettings(db, ids);
}

/** The most days a runway alert may ask for. */
export const MAX_RUNWAY_DAYS = 365;

export interface AlertInput {
  /** Yuan, as a decimal string with at most 2 places; "0" is allowed (alert only when available goes negative). */
  threshold?: string;
  /** Default true when a threshold is given: setting a threshold usually means "watch it". */
  enabled?: boolean;
  /** Also send a "recovered" message when the account is back at or above its threshold. */
  recovered?: boolean;
  /** Alert when fewer than this many days of runway are left (1–365); null turns it off. */
  runwayDays?: number | null;
}

function changeOf(input: AlertInput): AlertChange {
  const flag = (value: unknown, field: string): boolean | undefined => {
    if (value !== undefined && typeof value !== 'boolean') throw new UamError('VALIDATION_FAILED', `${field}: must be true or false`, { field });
    return value as boolean | undefined;
  };
  const days = input.runwayDays;
  if (days !== undefined && days !== null && !(Number.isInteger(days) && days >= 1 && days <= MAX_RUNWAY_DAYS)) {
    throw new UamError('VALIDATION_FAILED', `runwayDays: must be a whole number of days from 1 to ${MAX_RUNWAY_DAYS}, or null`, { field: 'runwayDays' });
  }
  const threshold = input.threshold === undefined ? undefined : parseYuan(input.threshold, { allowZero: true, field: 'threshold' });
  const enabled = flag(input.enabled, 'enabled') ?? (threshold !== undefined ? true : undefined);
  const change: AlertChange = { threshold, enabled, recovered: flag(input.recovered, 'recovered'), runwayDays: days };
  if (Object.values(change).every((v) => v === undefined)) {
    throw new UamError('VALIDATION_FAILED', 'threshold: give a threshold, enabled, recovered or runwayDays', { field: 'threshold' });
  }
  return change;
}

/** Sets or changes one account's alert. */
export async function setAlert(db: Knex, principal: Principal, accountId: number, input: AlertInput): Promise<AlertSettingRow> {
  const [row] = await setAlerts(db, principal, [accountId], input);
  return row!;
}

/** One change (threshold, flag, recovered message, runway) for many accounts at once, atomically. */
export async function setAlerts(db: Knex, principal: Principal, accountIds: number[], input: AlertInput): Promise<AlertSettingRow[]> {
  return applyChange(db, principal, accountIds, changeOf(input));
}

/** Turns alerts on or off without touching the thresholds. */
export async function setAlertsEnabled(db: Knex, principal: Principal, accountIds: number[], enabled: boolean): Promise<AlertSettingRow[]> {
  return applyChange(db, principal, accountIds, { enabled });
}
