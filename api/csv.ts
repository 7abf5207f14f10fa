/** CSV for the account export (RFC 4180), with amounts in yuan. */
import type { AccountFigures } from '../services/accounts';
import { formatYuan } from '../domain/money';
import { runwayOf } from '../domain/runway';
import { alertStatus } from './present';

/** In the console's words: each column title of the account list, with "(yuan)" on amounts. */
export const ACCOUNT_CSV_HEADER = [
  'Account ID', 'Account', 'Type', 'Status', 'Available balance (yuan)', 'Cash balance (yuan)', 'Transfer book (yuan)',
  'Credit limit (yuan)', 'Valid coupons (yuan)', 'Valid coupons', 'Low-balance alert threshold (yuan)', 'Low-balance alert',
  'Held (yuan)', 'Runway (days)', 'Spend rate per day (yuan)',
];

/**
 * Quotes a field when it holds a separator, quote or line break. Text that a spreadsheet would run as a
 * formula (=, +, -, @ first) is prefixed with a quote mark: names come from users.
 */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (fields: string[]): string => `${fields.join(',')}\r\n`;

export function accountCsvLine(a: AccountFigures): string {
  const runway = runwayOf(a.available, a.spend7d);
  return csvLine([
    String(a.id),
    csvText(a.name),
    a.kind,
    a.status,
    formatYuan(a.available),
    formatYuan(a.cashBalance),
    formatYuan(a.transferBook),
    formatYuan(a.creditLimit),
    formatYuan(a.couponBalance),
    String(a.validCoupons),
    a.alertThreshold === null ? '' : formatYuan(a.alertThreshold),
    alertStatus(a),
    formatYuan(a.held),
    runway.days ?? '',
    formatYuan(runway.dailySpend),
  ]);
}
