import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useRefreshFigures } from '../accounts/queries';

export type Mode = 'change' | 'move';
export interface CreditRequest { mode: Mode; accountId: number; otherId?: number; amount: string; reason: string; acceptStop: boolean }

/** What the ledger allows for this change or move now, and whether the amount typed may go (and would stop the account). */
export function useCreditPreview(r: Omit<CreditRequest, 'reason'> | undefined) {
  return useQuery({
    queryKey: ['preview', 'credit', r],
    enabled: !!r && (r.mode === 'change' || r.otherId !== undefined),
    queryFn: () => (r!.mode === 'change'
      ? unwrap(api.GET('/accounts/{accountId}/credit-limit/preview', {
        params: { path: { accountId: r!.accountId }, query: { newLimit: r!.amount, acceptStop: r!.acceptStop } },
      }))
      : unwrap(api.GET('/credit-limit-moves/preview', {
        params: { query: { from: r!.accountId, to: r!.otherId!, amount: r!.amount, acceptStop: r!.acceptStop } },
      }))),
  });
}

export function useSaveCredit(onDone: () => void) {
  const refresh = useRefreshFigures();
  return useMutation({
    mutationFn: (r: CreditRequest) => {
      const params = { header: { 'idempotency-key': crypto.randomUUID() } };
      return r.mode === 'change'
        ? unwrap(api.PUT('/accounts/{accountId}/credit-limit', {
          params: { ...params, path: { accountId: r.accountId } }, body: { newLimit: r.amount, reason: r.reason, acceptStop: r.acceptStop },
        }))
        : unwrap(api.POST('/credit-limit-moves', {
          params, body: { fromAccountId: r.accountId, toAccountId: r.otherId!, amount: r.amount, reason: r.reason, acceptStop: r.acceptStop },
        }));
    },
    onSuccess: async () => {
      await refresh();
      onDone();
    },
  });
}
