import { Card, List } from 'antd';
import { ErrorText } from '../../components/ErrorText';
import { formatYuan } from '../../components/money';
import { useI18n } from '../../i18n';
import { useAccountNames, useFundingPolicies } from '../funding/queries';

/** The enterprise's funding policies that keep this account above a floor, or that it funds (enterprise admin). */
export function FundingCover({ accountId, enterpriseId }: { accountId: number; enterpriseId: number }) {
  const { t } = useI18n();
  const policies = useFundingPolicies(enterpriseId);
  const nameOf = useAccountNames(enterpriseId);
  const covering = (policies.data ?? []).filter((p) => p.fundingAccountId === accountId || p.memberIds?.includes(accountId));
  return (
    <Card title={<h2 className="card-title">{t('details.policies.title')}</h2>}>
      <ErrorText error={policies.error} />
      <List
        size="small" loading={policies.isLoading} dataSource={covering} locale={{ emptyText: <span className="muted">{t('details.policies.empty')}</span> }}
        renderItem={(p) => (
          <List.Item>
            <List.Item.Meta
              title={t(p.fundingAccountId === accountId ? 'details.policies.asFunder' : 'details.policies.asMember')}
              description={<span className="money">{t('details.policies.line', {
                floor: formatYuan(p.floor!), target: formatYuan(p.target!), cap: formatYuan(p.dailyCap!), funder: nameOf(p.fundingAccountId!),
              })}</span>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
