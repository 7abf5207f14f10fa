import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';

export type Kind = 'transfer' | 'withdrawal';
export type Preview = paths['/transfers/preview']['get']['responses']['200']['content']['application/json'];
export type Movement = paths['/transfers/{requestId}']['get']['responses']['200']['content']['application/json'];

/** The funds' direction: a transfer sends `account`'s own cash to `other`; a withdrawal takes back from `other` what `account` sent it. */
export const pair = (kind: Kind, account: number, other: number) =>
  (kind === 'transfer' ? { from: account, to: other } : { from: other, to: account });

/** What the ledger allows now between the two accounts, and, for an amount, whether it may go and needs approval. */
export function usePreview(kind: Kind, from: number | undefined, to: number | undefined, amount: string | undefined) {
  return useQuery({
    queryKey: ['preview', kind, from, to, amount],
    enabled: from !== undefined && to !== undefined,
    queryFn: () => {
      const query = { from: from!, to: to!, ...(amount && { amount }) };
      return kind === 'transfer'
        ? unwrap(api.GET('/transfers/preview', { params: { query } }))
        : unwrap(api.GET('/withdrawals/preview', { params: { query } }));
    },
  });
}

const FINAL = new Set(['completed', 'failed']);

/** Where a started movement stands, read until it ends (awaiting approval keeps being read: a decision shows at once). */
export function useMovement(kind: Kind, requestId: string | undefined) {
  return useQuery({
    queryKey: ['movement', kind, requestId],
    enabled: requestId !== undefined,
    queryFn: () => (kind === 'transfer'
      ? unwrap(api.GET('/transfers/{requestId}', { params: { path: { requestId: requestId! } } }))
      : unwrap(api.GET('/withdrawals/{requestId}', { params: { path: { requestId: requestId! } } }))),
    refetchInterval: (q) => (q.state.data && FINAL.has(q.state.data.stage ?? '') ? false : 500),
  });
}

export async function startMovement(kind: Kind, body: { fromAccountId: number; toAccountId: number; amount: string }, key: string) {
  const params = { header: { 'idempotency-key': key } };
  return kind === 'transfer'
    ? unwrap(api.POST('/transfers', { params, body }))
    : unwrap(api.POST('/withdrawals', { params, body }));
}
