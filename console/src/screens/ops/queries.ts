import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export type Health = Awaited<ReturnType<typeof fetchHealth>>;
export type Check = NonNullable<Health['checks']>[number];
export type QueueCounts = NonNullable<NonNullable<Health['queues']>['items']>[number];

const fetchHealth = (enterpriseId: number | undefined) =>
  unwrap(api.GET('/ops/health', { params: { query: enterpriseId === undefined ? {} : { enterpriseId } } }));

/** The checks of `uam doctor`, asked again on Refresh (each one reaches a dependency afresh: not polled). */
export function useHealth(enterpriseId: number | undefined) {
  return useQuery({ queryKey: ['ops-health', enterpriseId], queryFn: () => fetchHealth(enterpriseId), refetchOnWindowFocus: false });
}
