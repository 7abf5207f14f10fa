/** What the API shows: ledger figures (fen, bigint) as yuan strings; ids that are bigint as strings. */
import type { AccountEntry, AccountFigures, CreditChange } from '../services/accounts';
import type { EnterpriseCreditFigures } from '../services/enterprises';
import { formatYuan } from '../domain/money';
import { runwayOf } from '../domain/runway';

export type AlertStatus = 'off' | 'armed' | 'fired';

export function alertStatus(a: Pick<AccountFigures, 'alertEnabled' | 'alertThreshold' | 'alertState'>): AlertStatus {
  if (!a.alertEnabled || a.alertThreshold === null) return 'off';
  return a.alertState;
}

export function presentAccount(a: AccountFigures) {
  const runway = runwayOf(a.available, a.spend7d);
  return {
    id: a.id,
    enterpriseId: a.enterpriseId,
    kind: a.kind,
    name: a.name,
    externalId: a.externalId,
    status: a.status,
    available: formatYuan(a.available),
    cashBalance: formatYuan(a.cashBalance),
    ownCash: formatYuan(a.ownCash),
    transferBook: formatYuan(a.transferBook),
    held: formatYuan(a.held),
    creditLimit: formatYuan(a.creditLimit),
    creditRefund: formatYuan(a.creditRefund),
    monthlyUncleared: formatYuan(a.monthlyUncleared),
    historicalUncleared: formatYuan(a.historicalUncleared),
    couponBalance: formatYuan(a.couponBalance),
    validCoupons: a.validCoupons,
    alertThreshold: a.alertThreshold === null ? null : formatYuan(a.alertThreshold),
    alertEnabled: a.alertEnabled,
    alertStatus: alertStatus(a),
    alertRecovered: a.alertRecovered,
    alertRunwayDays: a.runwayAlertDays,
    spendRate: formatYuan(runway.dailySpend),
    runwayDays: runway.days,
  };
}

export function presentEnterpriseCredit(c: EnterpriseCreditFigures) {
  return {
    enterpriseId: c.enterpriseId,
    publicCloud: formatYuan(c.publicCloud),
    hybridCloud: formatYuan(c.hybridCloud),
    total: formatYuan(c.total),
    assigned: formatYuan(c.assigned),
    available: formatYuan(c.available),
  };
}

export function presentCreditChange(c: CreditChange) {
  return {
    id: c.id.toString(),
    enterpriseId: c.enterpriseId,
    accountId: c.accountId,
    actor: c.actor,
    oldLimit: formatYuan(c.oldLimit),
    newLimit: formatYuan(c.newLimit),
    reason: c.reason,
    createdAt: c.createdAt.toISOString(),
  };
}

export function presentEntry(e: AccountEntry) {
  return {
    id: e.entryId.toString(),
    transactionId: e.transactionId.toString(),
    kind: e.kind,
    book: e.book,
    sourceAccountId: e.sourceAccountId,
    amount: formatYuan(e.amount),
    actor: e.actor,
    createdAt: e.createdAt.toISOString(),
    counterparty: e.counterparty,
    external: e.external,
  };
}

/** A newest-first history page: `next` is the last id, to pass back as `before`. */
export function historyPage<T, V extends { id: string }>(rows: T[], limit: number, present: (row: T) => V) {
  const items = rows.map(present);
  const last = items[items.length - 1];
  return { items, next: items.length === limit && last ? last.id : null };
}

/** The history query (`?limit&before`) as the ledger's keyset page request. */
export const pageRequest = (q: { limit: number; before?: string }) => ({ limit: q.limit, before: q.before === undefined ? undefined : BigInt(q.before) });
