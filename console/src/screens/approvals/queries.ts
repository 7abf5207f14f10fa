import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useRefreshFigures } from '../accounts/queries';

export type Pending = NonNullable<paths['/approvals']['get']['responses']['200']['content']['application/json']['items']>[number];

/** Movements waiting for a second admin; read every few seconds so the header's count stays current. */
export function usePendingApprovals(enabled: boolean) {
  return useQuery({
    queryKey: ['approvals'],
    enabled,
    queryFn: async () => (await unwrap(api.GET('/approvals'))).items ?? [],
    refetchInterval: 5000,
  });
}

export function useDecide() {
  const refresh = useRefreshFigures();
  return useMutation({
    mutationFn: ({ item, approve }: { item: Pending; approve: boolean }) => {
      const params = { path: { requestId: item.requestId! } };
      const verdict = approve ? 'approve' : 'reject';
      return item.kind === 'withdrawal'
        ? unwrap(api.POST(`/withdrawals/{requestId}/${verdict}`, { params, body: {} }))
        : unwrap(api.POST(`/transfers/{requestId}/${verdict}`, { params, body: {} }));
    },
    onSettled: () => refresh(),
  });
}
