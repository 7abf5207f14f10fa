import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, unwrap } from '../../api/client';
import { compareYuan } from '../../components/money';
import type { components, paths } from '../../api/schema';

export type AccountListQuery = NonNullable<paths['/enterprises/{enterpriseId}/accounts']['get']['parameters']['query']>;
export type Account = Required<NonNullable<Awaited<ReturnType<typeof fetchAccounts>>['items']>[number]>;
export type { components };

async function fetchAccounts(enterpriseId: number, query: AccountListQuery) {
  return unwrap(api.GET('/enterprises/{enterpriseId}/accounts', { params: { path: { enterpriseId }, query } }));
}

/** One page of the enterprise's accounts, sorted, filtered and paged by the API. */
export function useAccountPage(enterpriseId: number | undefined, query: AccountListQuery) {
  return useQuery({
    queryKey: ['accounts', enterpriseId, query],
    enabled: enterpriseId !== undefined,
    queryFn: async () => {
      const page = await fetchAccounts(enterpriseId!, query);
      return { items: (page.items ?? []) as Account[], next: page.next ?? null };
    },
    placeholderData: keepPreviousData,
    // A changed threshold is judged by the alert worker a moment later: read again until it has been (for a
    // while after the change only, so a list whose alerts wait for the periodic scan is not read every second).
    refetchInterval: (q) => (Date.now() - alertsChangedAt < ALERT_WATCH_MS && q.state.data?.items.some(awaitsAlertCheck) ? 1000 : false),
  });
}

const ALERT_WATCH_MS = 20_000;
let alertsChangedAt = 0;

/** Called after an alert setting changed: the list watches for the worker's verdict for a few seconds. */
export function noteAlertChange(): void {
  alertsChangedAt = Date.now();
}

/** An enabled alert whose state does not yet match the figures (fires below the threshold, re-arms at or above). */
export function awaitsAlertCheck(a: Account): boolean {
  if (!a.alertEnabled || a.alertThreshold === null || a.status === 'closed') return false;
  const below = compareYuan(a.available, a.alertThreshold) < 0;
  return below !== (a.alertStatus === 'fired');
}

export function useEnterprise(enterpriseId: number | undefined) {
  return useQuery({
    queryKey: ['enterprise', enterpriseId],
    enabled: enterpriseId !== undefined,
    queryFn: () => unwrap(api.GET('/enterprises/{enterpriseId}', { params: { path: { enterpriseId: enterpriseId! } } })),
  });
}

export function useEnterpriseTotals(enterpriseId: number | undefined) {
  return useQuery({
    queryKey: ['totals', enterpriseId],
    enabled: enterpriseId !== undefined,
    queryFn: () => unwrap(api.GET('/enterprises/{enterpriseId}/totals', { params: { path: { enterpriseId: enterpriseId! } } })),
  });
}

export function useEnterprises(enabled: boolean) {
  return useQuery({
    queryKey: ['enterprises'],
    enabled,
    queryFn: async () => (await unwrap(api.GET('/enterprises', { params: { query: { limit: 500 } } }))).items ?? [],
  });
}

/** After any change, everything that shows figures is read again: no figure is patched by hand. */
export function useRefreshFigures() {
  const queryClient = useQueryClient();
  return useCallback(
    () => Promise.all(['accounts', 'totals', 'account', 'preview', 'approvals'].map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
    [queryClient],
  );
}
