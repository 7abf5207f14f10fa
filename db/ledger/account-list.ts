import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
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

/** One page of an enterprise's accounts with every figure, keyset-paged on (sort value, id). */
export async function listAccounts(db: Conn, query: AccountListQuery): Promise<AccountPage> {
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
  const { rows } = await db.raw(
    `SELECT ${ACCOUNT_COLUMNS}, ${expr} AS sort_value FROM accounts a WHERE ${where.join(' AND ')}
     ORDER BY ${expr} ${dir}, a.id ${dir} LIMIT ${limit + 1}`,
    args,
  );
  const more = rows.length > limit;
  const page = (more ? rows.slice(0, limit) : rows) as Array<Record<string, unknown>>;
  const last = page[page.length - 1];
  return { items: page.map(toFigures), next: more && last ? encodeCursor(last.sort_value, last.id as number) : null };
}
