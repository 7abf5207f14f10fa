import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
import { preparedRows } from '../prepared';
import { ACCOUNT_COLUMNS, toFigures, type AccountFigures } from './queries';

type Conn = Knex | Knex.Transaction;

export const ACCOUNT_SORTS = ['id', 'available', 'cash_balance', 'credit_limit', 'name'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];
export const MAX_PAGE_SIZE = 500;

export interface AccountListQuery {
  enterpriseId: number;
  sort?: AccountSort;
  order?: 'asc' | 'desc';
  limit?: number;
  /** Opaque cursor from the previous page's `next`. */
  cursor?: string;
  status?: 'active' | 'stopped' | 'closed';
  /** Only accounts whose alert has fired (low balance now). */
  alerting?: boolean;
  /** Case-insensitive substring of the account name. */
  search?: string;
  /** Restrict to these accounts (a member sees only itself). */
  accountIds?: number[];
}

export interface AccountPage {
  items: AccountFigures[];
  next: string | null;
}

const SORT_EXPR: Record<AccountSort, string> = {
  id: 'a.id',
  available: 'a.available',
  cash_balance: 'uam_cash_balance(a)',
  credit_limit: 'a.credit_limit',
  name: 'a.name',
};

function decodeCursor(cursor: string): [string, number] {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number];
    if (typeof value !== 'string' || !Number.isInteger(id)) throw new Error('shape');
    return [value, id];
  } catch {
    throw new UamError('VALIDATION_FAILED', 'cursor: not a cursor returned by this API', { field: 'cursor' });
  }
}

const encodeCursor = (value: unknown, id: number): string =>
  Buffer.from(JSON.stringify([String(value), id])).toString('base64url');

/** The page's query: the accounts in order, one more than the page to tell whether another follows. */
function pageQuery(query: AccountListQuery): { sql: string; args: Knex.RawBinding[]; limit: number; dir: string } {
  const sort = query.sort ?? 'id';
  const order = query.order ?? 'asc';
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new UamError('VALIDATION_FAILED', `limit: must be 1 to ${MAX_PAGE_SIZE}`, { field: 'limit', maximum: MAX_PAGE_SIZE });
  }
  const expr = SORT_EXPR[sort];
  const where: string[] = ['a.enterprise_id = ?'];
  const args: Knex.RawBinding[] = [query.enterpriseId];
  const filter = (sql: string, ...values: Knex.RawBinding[]): void => {
    where.push(sql);
    args.push(...values);
  };
  if (query.status) filter('a.status = ?', query.status);
  if (query.alerting) filter(`a.alert_enabled AND a.alert_state = 'fired'`);
  if (query.search) filter('a.name ILIKE ?', `%${query.search.replace(/[\\%_]/g, '\\$&')}%`);
  if (query.accountIds) filter('a.id = ANY(?)', query.accountIds as unknown as Knex.RawBinding);
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    const cast = sort === 'name' ? 'text' : 'bigint';
    filter(`(${expr}, a.id) ${order === 'asc' ? '>' : '<'} (?::${cast}, ?)`, value, id);
  }
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT ${ACCOUNT_COLUMNS}, ${expr} AS sort_value FROM accounts a WHERE ${where.join(' AND ')}
     ORDER BY ${expr} ${dir}, a.id ${dir} LIMIT ${limit + 1}`;
  return { sql, args, limit, dir };
}

/** One page of an enterprise's accounts with every figure, keyset-paged on (sort value, id). */
export async function listAccounts(db: Conn, query: AccountListQuery): Promise<AccountPage> {
  const { sql, args, limit } = pageQuery(query);
  const { rows } = await db.raw(sql, args);
  const more = rows.length > limit;
  const page = (more ? rows.slice(0, limit) : rows) as Array<Record<string, unknown>>;
  const last = page[page.length - 1];
  return { items: page.map(toFigures), next: more && last ? encodeCursor(last.sort_value, last.id as number) : null };
}

/** Fen as the API's decimal yuan text, in SQL: what domain/money.ts formatYuan gives. */
const yuan = (fen: string) =>
  `CASE WHEN ${fen} < 0 THEN '-' ELSE '' END || (abs(${fen}) / 100)::text || '.' || lpad((abs(${fen}) % 100)::text, 2, '0')`;

/**
 * One account as the API presents it (api/present.ts presentAccount, same fields in the same order), built by
 * Postgres. A test holds the two equal for every field.
 */
const PRESENTED_ACCOUNT = `json_build_object(
  'id', p.id, 'enterpriseId', p.enterprise_id, 'kind', p.kind, 'name', p.name, 'externalId', p.external_id, 'status', p.status,
  'available', ${yuan('p.available')}, 'cashBalance', ${yuan('p.cash_balance')}, 'ownCash', ${yuan('p.own_cash')},
  'transferBook', ${yuan('p.transfer_book')}, 'held', ${yuan('p.held')}, 'creditLimit', ${yuan('p.credit_limit')},
  'creditRefund', ${yuan('p.credit_refund')}, 'monthlyUncleared', ${yuan('p.monthly_uncleared')},
  'historicalUncleared', ${yuan('p.historical_uncleared')}, 'couponBalance', ${yuan('p.coupon_balance')},
  'validCoupons', p.valid_coupons, 'alertThreshold', CASE WHEN p.alert_threshold IS NOT NULL THEN ${yuan('p.alert_threshold')} END,
  'alertEnabled', p.alert_enabled,
  'alertStatus', CASE WHEN NOT p.alert_enabled OR p.alert_threshold IS NULL THEN 'off' ELSE p.alert_state END,
  'alertRecovered', p.alert_recovered, 'alertRunwayDays', p.runway_days,
  'spendRate', ${yuan('(p.spend_7d / 7)')},
  'runwayDays', CASE WHEN p.spend_7d > 0 THEN (SELECT (t / 10)::text || '.' || (t % 10)::text
    FROM (SELECT CASE WHEN p.available <= 0 THEN 0 ELSE p.available * 70 / p.spend_7d END AS t) r) END)`;

/**
 * (runwayDays as domain/runway.ts runwayOf computes it: tenths of a day, rounded down.)
 *
 * The same page as the API's JSON text (`{"items": [...], "next": …}`), made by Postgres: the account list is
 * the API's busiest read, and building 100 accounts' figures in Node (parsing every bigint, formatting every
 * amount, serializing) cost more than the rest of the request together (bench:api).
 */
export async function listAccountsJson(db: Conn, query: AccountListQuery): Promise<string> {
  const { sql, args, limit, dir } = pageQuery(query);
  const rows = await preparedRows(db,
    `SELECT coalesce(json_agg(${PRESENTED_ACCOUNT} ORDER BY p.n) FILTER (WHERE p.n <= ${limit}), '[]')::text AS items,
       count(*) > ${limit} AS more, max(p.sort_value::text) FILTER (WHERE p.n = ${limit}) AS last_value,
       max(p.id) FILTER (WHERE p.n = ${limit}) AS last_id
     FROM (SELECT q.*, row_number() OVER (ORDER BY q.sort_value ${dir}, q.id ${dir}) AS n FROM (${sql}) q) p`,
    args,
  );
  const { items, more, last_value: lastValue, last_id: lastId } = rows[0] as { items: string; more: boolean; last_value: string; last_id: number };
  return `{"items":${items},"next":${more ? JSON.stringify(encodeCursor(lastValue, lastId)) : 'null'}}`;
}
