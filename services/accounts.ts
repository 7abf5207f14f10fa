import { UamError } from '../core/errors';
import type { Db } from '../db/connection';
import { MAX_PAGE_SIZE, listAccounts, listAccountsJson, type AccountListQuery, type AccountPage } from '../db/ledger/account-list';
import { creditHistory, transactionHistory, type AccountEntry, type CreditChange, type PageRequest } from '../db/ledger/history';
import { getAccount, unclearedByPeriod, type AccountFigures, type PeriodDebt } from '../db/ledger/queries';
import { transferSources, type TransferSource } from '../db/ledger/transfer-sources';
import { requirePermission } from '../domain/permissions';
import type { Principal } from '../domain/principal';
import { accountInScope, enterpriseInScope, requireAccountReach } from './scope';

/**
 * Accounts as people read them: an enterprise's list (a member sees only itself), one account's figures with
 * its transfer books, its ledger entries and its credit change records — each inside the caller's scope.
 */
export { ACCOUNT_SORTS, MAX_PAGE_SIZE, type AccountListQuery, type AccountPage } from '../db/ledger/account-list';
export type { AccountEntry, AccountFigures, CreditChange, PageRequest };

export type AccountListFilter = Omit<AccountListQuery, 'enterpriseId' | 'accountIds'>;

/** The list query as the principal may run it: its enterprise's accounts, or a member's own. */
export async function scopedListQuery(db: Db, principal: Principal, enterpriseId: number, filter: AccountListFilter): Promise<AccountListQuery> {
  await enterpriseInScope(db, principal, 'accounts.read', enterpriseId);
  const accountIds = principal.role === 'member' && principal.accountId !== null ? [principal.accountId] : undefined;
  return { ...filter, enterpriseId, accountIds };
}

/** The same page as the API's JSON text, made by the database (the account list is the API's busiest read). */
export async function accountListJsonFor(db: Db, principal: Principal, enterpriseId: number, filter: AccountListFilter): Promise<string> {
  return listAccountsJson(db, await scopedListQuery(db, principal, enterpriseId, filter));
}

/** Every page after `first` of a list query, fetched one at a time as the reader asks. */
async function* laterPages(db: Db, query: AccountListQuery, first: AccountPage): AsyncGenerator<AccountPage> {
  for (let next = first.next; next; ) {
    const page = await listAccounts(db, { ...query, cursor: next });
    yield page;
    next = page.next;
  }
}

/**
 * The list as the CSV export reads it: the page asked for at once (so a bad cursor or filter is still a
 * refusal before anything is sent) and, with `all`, every later page as the reader asks for it — memory holds
 * one page whatever the size of the enterprise.
 */
export async function accountPagesFor(db: Db, principal: Principal, enterpriseId: number, filter: AccountListFilter, all: boolean) {
  const query = await scopedListQuery(db, principal, enterpriseId, all ? { ...filter, limit: MAX_PAGE_SIZE } : filter);
  const first = await listAccounts(db, query);
  return { first, rest: all ? laterPages(db, query, first) : laterPages(db, query, { ...first, next: null }) };
}

const absentAsNull = (err: unknown) => {
  if (err instanceof UamError && err.code === 'ACCOUNT_NOT_FOUND') return null;
  throw err;
};

export interface AccountDetail extends AccountFigures {
  transferBooks: TransferSource[];
}

/** One account's figures with its transfer book per source account and what each source may withdraw. */
export async function accountDetail(db: Db, principal: Principal, accountId: number): Promise<AccountDetail> {
  requirePermission(principal, 'accounts.read');
  // One query fewer than a separate scope check: the figures carry the enterprise the scope is checked on.
  const [figures, books] = await Promise.all([getAccount(db, accountId).catch(absentAsNull), transferSources(db, accountId)]);
  return { ...requireAccountReach(principal, accountId, figures), transferBooks: books };
}

/** The account's ledger entries on its own books, newest first. */
export async function accountTransactions(db: Db, principal: Principal, accountId: number, page: PageRequest): Promise<AccountEntry[]> {
  const account = await accountInScope(db, principal, 'accounts.read', accountId);
  return transactionHistory(db, account.id, page);
}

/** Change records of the account's credit limit, newest first. */
export async function accountCreditHistory(db: Db, principal: Principal, accountId: number, page: PageRequest): Promise<CreditChange[]> {
  const account = await accountInScope(db, principal, 'accounts.read', accountId);
  return creditHistory(db, { enterpriseId: account.enterpriseId, accountId: account.id }, page);
}

/** What the account owes by billing period, oldest first: monthly (period still open) and historical uncleared. */
export async function accountUncleared(db: Db, principal: Principal, accountId: number): Promise<PeriodDebt[]> {
  const account = await accountInScope(db, principal, 'accounts.read', accountId);
  return unclearedByPeriod(db, account.id);
}
