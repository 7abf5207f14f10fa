import { useQueries } from '@tanstack/react-query';
import { Button, Drawer, List, Space } from 'antd';
import { api, unwrap } from '../../api/client';
import { useId } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { formatYuan } from '../../components/money';
import { useIsPhone } from '../../components/useIsPhone';
import { useI18n } from '../../i18n';
import { useSession } from '../../session/session';
import { useDecide, type Pending } from './queries';

/** Transfers and withdrawals waiting for a second admin: approve or reject (not offered to the one who started it). */
export function ApprovalsDrawer({ items, onClose }: { items: Pending[]; onClose: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const phone = useIsPhone();
  const titleId = useId();
  const decide = useDecide();
  const ids = [...new Set(items.flatMap((i) => [i.fromAccountId!, i.toAccountId!]))];
  const accounts = useQueries({
    queries: ids.map((accountId) => ({
      queryKey: ['account', accountId],
      queryFn: () => unwrap(api.GET('/accounts/{accountId}', { params: { path: { accountId } } })),
    })),
  });
  const names = (id: number) => accounts[ids.indexOf(id)]?.data?.name ?? `#${id}`;
  return (
    <Drawer open onClose={onClose} size={phone ? '100%' : 560} aria-labelledby={titleId} title={<span id={titleId}>{t('approvals.title')}</span>}>
      <ErrorText error={decide.error} />
      <List<Pending>
        dataSource={items} locale={{ emptyText: t('approvals.empty') }}
        renderItem={(item) => {
          const mine = item.startedBy?.id === me?.id;
          const line = t('approvals.line', {
            kind: t(item.kind === 'withdrawal' ? 'kind.withdrawal' : 'kind.transfer'), amount: formatYuan(item.amount ?? '0'),
            from: names(item.fromAccountId!), to: names(item.toAccountId!), starter: item.startedBy?.name ?? '?',
          });
          return (
            <List.Item actions={mine ? [<span key="mine" className="muted">{t('approvals.yours')}</span>] : [
              <Button key="approve" type="primary" aria-label={`${t('approvals.approve')}: ${line}`} loading={decide.isPending}
                onClick={() => decide.mutate({ item, approve: true })}>{t('approvals.approve')}</Button>,
              <Button key="reject" danger aria-label={`${t('approvals.reject')}: ${line}`} loading={decide.isPending}
                onClick={() => decide.mutate({ item, approve: false })}>{t('approvals.reject')}</Button>,
            ]}>
              <Space direction="vertical" size={0}>{line}</Space>
            </List.Item>
          );
        }}
      />
    </Drawer>
  );
}
