import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../api/client';

export interface PickedAccount { id: number; name: string; available: string; cashBalance: string; transferBook: string; ownCash: string }

/** Another account of the enterprise, found by typing part of its name (searched by the API, not in the page). */
export function AccountPicker(props: {
  enterpriseId: number; exclude: number; value?: PickedAccount; onChange(account: PickedAccount | undefined): void; label: string; id?: string;
}) {
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['accounts', props.enterpriseId, 'picker', search],
    queryFn: async () => (await unwrap(api.GET('/enterprises/{enterpriseId}/accounts', {
      params: { path: { enterpriseId: props.enterpriseId }, query: { sort: 'name', limit: 20, ...(search && { search }) } },
    }))).items ?? [],
  });
  const options = (found.data ?? []).filter((a) => a.id !== props.exclude && a.status !== 'closed').map((a) => ({ value: a.id!, label: a.name!, account: a as PickedAccount }));
  return (
    <Select<number>
      id={props.id} aria-label={props.label} showSearch={{ filterOption: false, onSearch: setSearch }} allowClear loading={found.isFetching}
      value={props.value?.id} style={{ width: '100%' }} options={options}
      onChange={(id) => props.onChange(options.find((o) => o.value === id)?.account)}
    />
  );
}
