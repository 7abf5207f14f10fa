import { Button, Drawer, Table } from 'antd';
import { useId, useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { Money } from '../../components/Money';
import { useIsPhone } from '../../components/useIsPhone';
import { useI18n } from '../../i18n';
import { FundingPreviewDrawer } from './FundingPreviewDrawer';
import { useAccountNames, useFundingPolicies, type Policy } from './queries';

/** The enterprise's funding policies (its admin only), each with its dry run. */
export function FundingPoliciesDrawer({ enterpriseId, onClose }: { enterpriseId: number; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const titleId = useId();
  const policies = useFundingPolicies(enterpriseId);
  const nameOf = useAccountNames(enterpriseId);
  const [previewOf, setPreviewOf] = useState<Policy | null>(null);
  return (
    <Drawer open onClose={onClose} size={phone ? '100%' : 900} aria-labelledby={titleId} title={<span id={titleId}>{t('funding.title')}</span>}>
      <ErrorText error={policies.error} />
      <div className="funding-table table-scroll">
        <Table<Policy>
          rowKey="id" size="middle" pagination={false} loading={policies.isLoading} dataSource={policies.data ?? []}
          locale={{ emptyText: t('funding.empty') }}
          columns={[
            { title: t('funding.account'), key: 'account', render: (_, p) => nameOf(p.fundingAccountId!) },
            { title: t('funding.members'), key: 'members', render: (_, p) => (p.memberIds ?? []).map(nameOf).join(', ') },
            { title: t('funding.floor'), key: 'floor', align: 'right', render: (_, p) => <Money value={p.floor} /> },
            { title: t('funding.target'), key: 'target', align: 'right', render: (_, p) => <Money value={p.target} /> },
            { title: t('funding.dailyCap'), key: 'dailyCap', align: 'right', render: (_, p) => <Money value={p.dailyCap} /> },
            { title: t('funding.sweepDay'), key: 'sweepDay', render: (_, p) => (p.sweepDay == null ? t('funding.noSweep') : t('funding.sweepOn', { day: p.sweepDay })) },
            { title: t('funding.state'), key: 'state', render: (_, p) => t(p.blockedReason ? `funding.blocked.${p.blockedReason}` : 'funding.running') },
            {
              title: t('col.operations'), key: 'preview',
              render: (_, p) => (
                <Button type="link" size="small" aria-label={t('funding.previewOf', { name: nameOf(p.fundingAccountId!) })} onClick={() => setPreviewOf(p)}>
                  {t('funding.preview')}
                </Button>
              ),
            },
          ]}
        />
      </div>
      {previewOf && <FundingPreviewDrawer enterpriseId={enterpriseId} policy={previewOf} nameOf={nameOf} onClose={() => setPreviewOf(null)} />}
    </Drawer>
  );
}
