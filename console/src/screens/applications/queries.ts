import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useRefreshFigures } from '../accounts/queries';
import { nextReadIn } from './reading';

async function fetchList(enterpriseId: number | undefined) {
  return unwrap(api.GET('/credit-applications', { params: { query: { limit: 100, ...(enterpriseId !== undefined && { enterpriseId }) } } }));
}
async function fetchStatus(applicationId: string) {
  return unwrap(api.GET('/credit-applications/{applicationId}', { params: { path: { applicationId } } }));
}

export type ApplicationItem = NonNullable<Awaited<ReturnType<typeof fetchList>>['items']>[number];
export type ApplicationStatus = Awaited<ReturnType<typeof fetchStatus>>;
export type Parts = NonNullable<ApplicationStatus['requested']>;

/** Applications newest first: of one enterprise, or (staff with none picked) of all. */
export function useApplications(enterpriseId: number | undefined) {
  return useQuery({
    queryKey: ['applications', enterpriseId ?? 'all'],
    queryFn: async () => (await fetchList(enterpriseId)).items ?? [],
  });
}

/** Where one application stands, from its workflow, read again as the workflow moves (nextReadIn). */
export function useApplication(applicationId: string) {
  return useQuery({
    queryKey: ['application', applicationId],
    queryFn: () => fetchStatus(applicationId),
    refetchInterval: (q) => nextReadIn(q.state.data),
  });
}

/** After any step, the applications and every credit figure are read again (the tab's quota, the credit screen). */
function useRefreshCredit() {
  const queryClient = useQueryClient();
  const refreshFigures = useRefreshFigures();
  return () => Promise.all([
    refreshFigures(),
    ...['applications', 'application'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
  ]);
}

export interface SubmitRequest { enterpriseId: number; publicCloud: string; hybridCloud: string; reason: string }
export type DecideRequest = { applicationId: string; approve: boolean; reason: string; publicCloud?: string; hybridCloud?: string };

export function useSubmitApplication() {
  const refresh = useRefreshCredit();
  return useMutation({
    mutationFn: ({ enterpriseId, ...body }: SubmitRequest) =>
      unwrap(api.POST('/enterprises/{enterpriseId}/credit-applications', { params: { path: { enterpriseId } }, body })),
    onSuccess: refresh,
  });
}

export function useDecideApplication() {
  const refresh = useRefreshCredit();
  return useMutation({
    mutationFn: ({ applicationId, ...body }: DecideRequest) =>
      unwrap(api.POST('/credit-applications/{applicationId}/decision', { params: { path: { applicationId } }, body })),
    onSuccess: refresh,
  });
}

export function useConfirmContract() {
  const refresh = useRefreshCredit();
  return useMutation({
    mutationFn: (applicationId: string) => unwrap(api.POST('/credit-applications/{applicationId}/confirm', { params: { path: { applicationId } } })),
    onSuccess: refresh,
  });
}

export function useWithdrawApplication() {
  const refresh = useRefreshCredit();
  return useMutation({
    mutationFn: (applicationId: string) =>
      unwrap(api.POST('/credit-applications/{applicationId}/withdraw', { params: { path: { applicationId } }, body: {} })),
    onSuccess: refresh,
  });
}
