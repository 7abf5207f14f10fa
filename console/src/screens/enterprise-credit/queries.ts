import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

// Keyed under 'totals' and 'accounts': every change that refreshes the tab's figures (useRefreshFigures) refreshes these.

/** The members shown in the split: the largest limits first, as many as one page holds. */
export const SPLIT_MEMBERS = 100;

export function useEnterpriseCredit(enterpriseId: number) {
  return useQuery({
    queryKey: ['totals', enterpriseId, 'credit'],
    queryFn: () => unwrap(api.GET('/enterprises/{enterpriseId}/credit', { params: { path: { enterpriseId } } })),
  });
}

/** The change records of the enterprise's total credit limit, newest first. */
export function useEnterpriseCreditHistory(enterpriseId: number) {
  return useQuery({
    queryKey: ['totals', enterpriseId, 'credit-history'],
    queryFn: async () => (await unwrap(api.GET('/enterprises/{enterpriseId}/credit/history', {
      params: { path: { enterpriseId }, query: { limit: 50 } },
    }))).items ?? [],
  });
}

/** The members holding a credit limit, largest first (the `accounts` key: refreshed with every figure of the tab). */
export function useMemberLimits(enterpriseId: number) {
  return useQuery({
    queryKey: ['accounts', enterpriseId, 'credit-split'],
    queryFn: async () => {
      const page = await unwrap(api.GET('/enterprises/{enterpriseId}/accounts', {
        params: { path: { enterpriseId }, query: { sort: 'credit_limit', order: 'desc', limit: SPLIT_MEMBERS } },
      }));
      return (page.items ?? []).filter((a) => a.kind === 'member' && a.creditLimit !== '0.00');
    },
  });
}
