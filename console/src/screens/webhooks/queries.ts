import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { WebhookEvent } from '../../../../domain/webhook-events';

export type Endpoint = NonNullable<Awaited<ReturnType<typeof fetchEndpoints>>['items']>[number];
export type Delivery = NonNullable<Awaited<ReturnType<typeof fetchDeliveries>>['items']>[number];

const fetchEndpoints = (enterpriseId: number) =>
  unwrap(api.GET('/enterprises/{enterpriseId}/webhooks', { params: { path: { enterpriseId } } }));
const fetchDeliveries = (enterpriseId: number, webhookId: string) =>
  unwrap(api.GET('/enterprises/{enterpriseId}/webhooks/{webhookId}/deliveries', { params: { path: { enterpriseId, webhookId }, query: { limit: 50 } } }));

/** An endpoint whose deliveries are failing may be disabled any moment: read it again every 2 s meanwhile. */
export function useEndpoints(enterpriseId: number) {
  return useQuery({
    queryKey: ['webhooks', enterpriseId],
    queryFn: () => fetchEndpoints(enterpriseId),
    refetchInterval: (q) => (q.state.data?.items?.some((e) => e.status === 'active' && e.failingSince) ? 2000 : 10_000),
  });
}

/** A delivery still on its way is read again every second, so its attempts appear as they happen. */
export function useDeliveries(enterpriseId: number, webhookId: string) {
  return useQuery({
    queryKey: ['webhooks', enterpriseId, webhookId, 'deliveries'],
    queryFn: () => fetchDeliveries(enterpriseId, webhookId),
    refetchInterval: (q) => (q.state.data?.items?.some((d) => d.status !== 'sent' && d.status !== 'failed') ? 1000 : 5000),
  });
}

export function useRegister(enterpriseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { url: string; events: WebhookEvent[] }) =>
      unwrap(api.POST('/enterprises/{enterpriseId}/webhooks', { params: { path: { enterpriseId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks', enterpriseId] }),
  });
}

export function useEnable(enterpriseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) =>
      unwrap(api.POST('/enterprises/{enterpriseId}/webhooks/{webhookId}/enable', { params: { path: { enterpriseId, webhookId } }, body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks', enterpriseId] }),
  });
}

export function useResend(enterpriseId: number, webhookId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => unwrap(api.POST('/enterprises/{enterpriseId}/webhooks/{webhookId}/deliveries/{deliveryId}/resend', {
      params: { path: { enterpriseId, webhookId, deliveryId } }, body: {},
    })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks', enterpriseId, webhookId, 'deliveries'] }),
  });
}
