import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
import { preparedRows } from '../prepared';

type Conn = Knex | Knex.Transaction;

/** The books of one member account, in fen, as the ledger keeps them (DESIGN.md "Books of one member account"). */
export interface AccountBooks {
  ownCash: bigint;
  /** Sum of the transfer books (funds received from other accounts, kept per source). */
  transferBook: bigint;
  /** Funds reserved by pending holds (moved out of own cash or a transfer book until posted or voided). */
  held: bigint;
  creditLimit: bigint;
  creditRefund: bigint;
  monthlyUncleared: bigint;
  historicalUncleared: bigint;
}

/** One account's books with what users see beside them. */
export interface AccountFigures extends AccountBooks {
  id: number;
  enterpriseId: number;
  kind: 'ma' | 'member';
  name: string;
  /** The platform's own identifier of the account, if it gave one. */
  externalId: string | null;
  status: 'active' | 'stopped' | 'closed';
  available: bigint;
  cashBalance: bigint;
  couponBalance: bigint;
  validCoupons: number;
  alertThreshold: bigint | null;
  alertEnabled: boolean;
  alertState: 'armed' | 'fired';
  /** Opt-in "recovered" message when a fired low-balance alert re-arms. */
  alertRecovered: boolean;
  /** The runway alert: fewer than this many days left; null when off. */
  runwayAlertDays: number | null;
  /** Consumption over the last 7 days (uam_spend_7d): the runway's rate. */
  spend7d: bigint;
}

/** Columns of one account row as the figures users see (the ledger's uam_cash_balance, ledger-core.sql). */
export const ACCOUNT_COLUMNS = `
  a.id, a.enterprise_id, a.kind, a.name, a.status, a.available,
  (SELECT x.external_id FROM account_external_ids x WHERE x.account_id = a.id) AS external_id,
  uam_cash_balance(a) AS cash_balance, a.own_cash, a.transfer_book, a.held, a.credit_limit,
  a.credit_refund, a.monthly_uncleared, a.historical_uncleared, a.coupon_balance,
  CASE WHEN a.coupon_balance = 0 THEN 0 ELSE (SELECT count(*)::int FROM valid_coupons c WHERE c.account_id = a.id) END AS valid_coupons,
  a.alert_threshold, a.alert_enabled, a.alert_state, a.alert_recovered, a.runway_days,
  (SELECT s.spend FROM uam_spend_7d(a.enterprise_id, a.id) s) AS spend_7d`;

export function toFigures(r: Record<string, unknown>): AccountFigures {
  return {
    id: r.id as number,
    enterpriseId: r.enterprise_id as number,
    kind: r.kind as AccountFigures['kind'],
    name: r.name as string,
    externalId: (r.external_id as string | null) ?? null,
    status: r.status as AccountFigures['status'],
    available: r.available as bigint,
    cashBalance: r.cash_balance as bigint,
    ownCash: r.own_cash as bigint,
    transferBook: r.transfer_book as bigint,
    held: r.held as bigint,
    creditLimit: r.credit_limit as bigint,
    creditRefund: r.credit_refund as bigint,
    monthlyUncleared: r.monthly_uncleared as bigint,
    historicalUncleared: r.historical_uncleared as bigint,
    couponBalance: r.coupon_balance as bigint,
    validCoupons: r.valid_coupons as number,
    alertThreshold: (r.alert_threshold as bigint | null) ?? null,
    alertEnabled: r.alert_enabled as boolean,
    alertState: r.alert_state as AccountFigures['alertState'],
    alertRecovered: r.alert_recovered as boolean,
    runwayAlertDays: (r.runway_days as number | null) ?? null,
    spend7d: r.spend_7d as bigint,
  };
}

export async function getAccount(db: Conn, accountId: number): Promise<AccountFigures> {
  const rows = await preparedRows(db, `SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ?`, [accountId]);
  if (!rows[0]) throw new UamError('ACCOUNT_NOT_FOUND', `account ${accountId} does not exist`, { accountId });
  return toFigures(rows[0]);
}

/** Transfer-book balance of an account per source account (unconsumed funds received from each). */
export async function transferBooks(db: Conn, accountId: number): Promise<Array<{ sourceAccountId: number; balance: bigint }>> {
  const rows = await db('ledger_accounts')
    .select('source_account_id', 'balance')
    .where({ account_id: accountId, kind: 'transfer_book' })
    .orderBy('id');
  return rows.map((r) => ({ sourceAccountId: r.source_account_id as number, balance: r.balance as bigint }));
}

export interface EnterpriseCreditFigures {
  enterpriseId: number;
  publicCloud: bigint;
  hybridCloud: bigint;
  total: bigint;
  assigned: bigint;
  available: bigint;
}

/** What an enterprise's accounts hold together: the totals above its account list (closed accounts hold nothing). */
export interface EnterpriseBalances {
  cashBalance: bigint;
  transferBook: bigint;
  held: bigint;
}

export async function enterpriseBalances(db: Conn, enterpriseId: number): Promise<EnterpriseBalances> {
  const { rows } = await db.raw(
    `SELECT coalesce(sum(uam_cash_balance(a)), 0)::bigint AS cash, coalesce(sum(a.transfer_book), 0)::bigint AS book,
            coalesce(sum(a.held), 0)::bigint AS held
     FROM accounts a WHERE a.enterprise_id = ?`,
    [enterpriseId],
  );
  const row = rows[0] as { cash: bigint; book: bigint; held: bigint };
  return { cashBalance: BigInt(row.cash), transferBook: BigInt(row.book), held: BigInt(row.held) };
}

export async function enterpriseCredit(db: Conn, enterpriseId: number): Promise<EnterpriseCreditFigures> {
  const row = await db('enterprises').where({ id: enterpriseId }).first();
  if (!row) throw new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} does not exist`, { enterpriseId });
  const total = (row.credit_public as bigint) + (row.credit_hybrid as bigint);
  return {
    enterpriseId,
    publicCloud: row.credit_public,
    hybridCloud: row.credit_hybrid,
    total,
    assigned: row.credit_assigned,
    available: total - (row.credit_assigned as bigint),
  };
}

/** What an account owes for one billing period: still monthly (period open) or historical (closed). */
export interface PeriodDebt { period: string; monthly: bigint; historical: bigint }

/** The account's uncleared debts by billing period, oldest first (periods with nothing owed left out). */
export async function unclearedByPeriod(db: Conn, accountId: number): Promise<PeriodDebt[]> {
  const { rows } = await db.raw(
    `SELECT period, coalesce(-sum(balance) FILTER (WHERE kind = 'monthly_uncleared'), 0)::bigint AS monthly,
            coalesce(-sum(balance) FILTER (WHERE kind = 'historical_uncleared'), 0)::bigint AS historical
     FROM ledger_accounts WHERE account_id = ? AND kind IN ('monthly_uncleared', 'historical_uncleared')
     GROUP BY period HAVING sum(balance) <> 0 ORDER BY period`, [accountId],
  );
  return (rows as Array<{ period: string; monthly: bigint; historical: bigint }>).map((r) => ({ period: r.period, monthly: r.monthly, historical: r.historical }));
}
