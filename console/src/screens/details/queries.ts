import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';

type Json<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer T } } } } } ? T : never;

export type AccountDetail = Json<'/accounts/{accountId}'>;
export type TransferBook = NonNullable<AccountDetail['transferBooks']>[number];
export type Coupon = Json<'/accounts/{accountId}/coupons'>[number];
export type Entry = NonNullable<Json<'/accounts/{accountId}/transactions'>['items']>[number];
export type CreditChange = NonNullable<Json<'/accounts/{accountId}/credit/history'>['items']>[number];
export type AlertRecord = NonNullable<Json<'/accounts/{accountId}/alert-history'>['items']>[number];
export type Notification = NonNullable<Json<'/accounts/{accountId}/notifications'>['items']>[number];
export type BalancePoint = NonNullable<Json<'/accounts/{accountId}/balance-history'>['points']>[number];

const path = (accountId: number) => ({ params: { path: { accountId } } });

/** The account's figures and its transfer books per source (the key 'account' is refreshed after any change). */
export function useAccountDetail(accountId: number) {
  return useQuery({ queryKey: ['account', accountId], retry: false, queryFn: () => unwrap(api.GET('/accounts/{accountId}', path(accountId))) });
}

export function useCoupons(accountId: number) {
  return useQuery({ queryKey: ['account', accountId, 'coupons'], queryFn: () => unwrap(api.GET('/accounts/{accountId}/coupons', path(accountId))) });
}

export function useBalanceHistory(accountId: number, days: number) {
  return useQuery({
    queryKey: ['account', accountId, 'balance-history', days],
    queryFn: () => unwrap(api.GET('/accounts/{accountId}/balance-history', { params: { path: { accountId }, query: { days } } })),
  });
}

/** A newest-first history page; `before` is the previous page's `next` (undefined: the newest). */
function useHistory<T>(key: string, accountId: number, before: string | undefined, read: () => Promise<{ items?: T[]; next?: string | null }>) {
  return useQuery({
    queryKey: ['account', accountId, key, before ?? null],
    placeholderData: keepPreviousData,
    queryFn: async () => { const page = await read(); return { items: page.items ?? [], next: page.next ?? null }; },
  });
}

const page = (accountId: number, limit: number, before?: string) => ({ params: { path: { accountId }, query: { limit, ...(before && { before }) } } });

export const useTransactions = (accountId: number, limit: number, before?: string) =>
  useHistory<Entry>('transactions', accountId, before, () => unwrap(api.GET('/accounts/{accountId}/transactions', page(accountId, limit, before))));

export const useCreditHistory = (accountId: number, before?: string) =>
  useHistory<CreditChange>('credit-history', accountId, before, () => unwrap(api.GET('/accounts/{accountId}/credit/history', page(accountId, 10, before))));

export const useAlertHistory = (accountId: number, before?: string) =>
  useHistory<AlertRecord>('alert-history', accountId, before, () => unwrap(api.GET('/accounts/{accountId}/alert-history', page(accountId, 10, before))));

export const useNotifications = (accountId: number, before?: string) =>
  useHistory<Notification>('notifications', accountId, before, () => unwrap(api.GET('/accounts/{accountId}/notifications', page(accountId, 10, before))));
