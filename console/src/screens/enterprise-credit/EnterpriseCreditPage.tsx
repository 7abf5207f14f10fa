import { Card, Statistic } from 'antd';
import { ErrorText } from '../../components/ErrorText';
import { formatYuan } from '../../components/money';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { CreditHistory } from './CreditHistory';
import { MemberSplit } from './MemberSplit';
import { useEnterpriseCredit, useMemberLimits } from './queries';
import '../../components/section.css';
import './enterprise-credit.css';

const money = (value: string | undefined) => () => <span className="money">{value ? formatYuan(value) : '—'}</span>;

/** The enterprise's credit: total quota (public + hybrid), assigned, available, how it is split, and its changes. */
export default function EnterpriseCreditPage() {
  const { t } = useI18n();
  const { enterpriseId } = usePlace();
  const credit = useEnterpriseCredit(enterpriseId!);
  const members = useMemberLimits(enterpriseId!);
  const c = credit.data;
  return (
    <Card title={<h2 className="card-title">{t('enterpriseCredit.title')}</h2>}>
      <ErrorText error={credit.error ?? members.error} />
      <div className="totals" aria-label={t('enterpriseCredit.figures')} role="group">
        <Card size="small">
          <Statistic title={t('enterpriseCredit.total')} loading={credit.isLoading} formatter={money(c?.total)} />
          {c && <div className="muted">{t('enterpriseCredit.parts', { publicCloud: formatYuan(c.publicCloud!), hybridCloud: formatYuan(c.hybridCloud!) })}</div>}
        </Card>
        <Card size="small"><Statistic title={t('enterpriseCredit.assigned')} loading={credit.isLoading} formatter={money(c?.assigned)} /></Card>
        <Card size="small"><Statistic title={t('enterpriseCredit.available')} loading={credit.isLoading} formatter={money(c?.available)} /></Card>
      </div>
      {c && members.data && <MemberSplit total={c.total!} available={c.available!} members={members.data} />}
      <CreditHistory enterpriseId={enterpriseId!} />
    </Card>
  );
}
