import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';

type Policies = paths['/enterprises/{enterpriseId}/funding-policies']['get']['responses']['200']['content']['application/json'];
export type Policy = Policies[number];
export type Preview = paths['/enterprises/{enterpriseId}/funding-policies/{policyId}/preview']['get']['responses']['200']['content']['application/json'];
export type PlannedMember = NonNullable<Preview['members']>[number];

export function useFundingPolicies(enterpriseId: number) {
  return useQuery({
    queryKey: ['funding-policies', enterpriseId],
    queryFn: () => unwrap(api.GET('/enterprises/{enterpriseId}/funding-policies', { params: { path: { enterpriseId } } })),
  });
}

/** The dry run: read fresh each time the drawer opens (nothing moves). */
export function useFundingPreview(enterpriseId: number, policyId: number) {
  return useQuery({
    queryKey: ['preview', 'funding', enterpriseId, policyId],
    staleTime: 0,
    queryFn: () => unwrap(api.GET('/enterprises/{enterpriseId}/funding-policies/{policyId}/preview', { params: { path: { enterpriseId, policyId } } })),
  });
}

/** Account names of the enterprise by id (one read of up to 500 accounts); an unknown id shows as "#id". */
export function useAccountNames(enterpriseId: number) {
  const names = useQuery({
    queryKey: ['accounts', enterpriseId, 'names'],
    queryFn: async () => (await unwrap(api.GET('/enterprises/{enterpriseId}/accounts', { params: { path: { enterpriseId }, query: { limit: 500 } } }))).items ?? [],
  });
  return (id: number): string => names.data?.find((a) => a.id === id)?.name ?? `#${id}`;
}
