import { Drawer, List } from 'antd';
import { useId } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { formatYuan } from '../../components/money';
import { useIsPhone } from '../../components/useIsPhone';
import { useI18n, type Translate } from '../../i18n';
import { useFundingPreview, type PlannedMember, type Policy } from './queries';

/** What the dry run would do for one member, in the screen's words (the API's figures, formatted as text). */
export function planText(m: PlannedMember, t: Translate): string {
  const available = formatYuan(m.available ?? '0');
  if (m.action === 'top_up') return t(`funding.plan.topUp.${m.limitedBy ?? 'target'}`, { amount: formatYuan(m.amount ?? '0'), available });
  if (m.action === 'blocked') return t(`funding.blocked.${m.reason ?? 'funding_short'}`);
  return t('funding.plan.none', { available });
}

/** The dry run of one policy: what would move to each member now, and why; nothing moves. */
export function FundingPreviewDrawer({ enterpriseId, policy, nameOf, onClose }: {
  enterpriseId: number; policy: Policy; nameOf: (id: number) => string; onClose: () => void;
}) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const titleId = useId();
  const preview = useFundingPreview(enterpriseId, policy.id!);
  return (
    <Drawer
      open onClose={onClose} size={phone ? '100%' : 520} aria-labelledby={titleId}
      title={<span id={titleId}>{t('funding.previewTitle', { name: nameOf(policy.fundingAccountId!) })}</span>}
    >
      <p className="muted">{t('funding.previewNote')}</p>
      <ErrorText error={preview.error} />
      <List<PlannedMember>
        aria-label={t('funding.previewTitle', { name: nameOf(policy.fundingAccountId!) })}
        loading={preview.isLoading} dataSource={preview.data?.members ?? []}
        renderItem={(m) => (
          <List.Item>
            <List.Item.Meta title={nameOf(m.accountId!)} description={planText(m, t)} />
          </List.Item>
        )}
      />
    </Drawer>
  );
}
