import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Spin, Tag } from 'antd';
import { ApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { Money } from '../../components/Money';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { can } from '../../session/can';
import { useSession } from '../../session/session';
import { AlertHistory } from './AlertHistory';
import { BalanceChart } from './BalanceChart';
import { Coupons } from './Coupons';
import { CreditHistory } from './CreditHistory';
import { FormulaCard } from './FormulaCard';
import { FundingCover } from './FundingCover';
import { TransferBooks } from './TransferBooks';
import { Transactions } from './Transactions';
import { useAccountDetail } from './queries';
import './details.css';

/** One account: its available-balance formula, books, coupons, history, alerts and the chart of its balance. */
export default function AccountDetailsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { route, href } = usePlace();
  const accountId = route.screen === 'account' ? route.accountId : 0;
  const detail = useAccountDetail(accountId);
  const account = detail.data;
  const back = <a href={href({ screen: 'accounts' })}><ArrowLeftOutlined aria-hidden /> {t('details.back')}</a>;
  if (detail.error) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <Card title={<h2 className="card-title">{t('details.title')}</h2>} extra={back}>
        {missing ? <Alert type="error" showIcon role="alert" title={t('details.notFound', { id: accountId })} /> : <ErrorText error={detail.error} />}
      </Card>
    );
  }
  if (!account) return <Spin aria-label={t('details.loading')} />;
  return (
    <>
      <Card className="details-title-card" title={<h2 className="card-title">{t('details.titleOf', { name: account.name! })}</h2>} extra={back}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} items={[
          { key: 'id', label: t('col.account'), children: <span>#{account.id} {account.kind === 'ma' && <Tag>{t('kind.ma')}</Tag>}</span> },
          { key: 'status', label: t('col.status'), children: <span className={`status-${account.status}`}>{t(`status.${account.status!}`)}</span> },
          { key: 'available', label: t('col.available'), children: <Money value={account.available} /> },
          { key: 'coupons', label: t('col.coupons'), children: <Money value={account.couponBalance} /> },
        ]} />
      </Card>
      <div className="details-grid">
        <FormulaCard account={account} />
        <TransferBooks account={account} />
      </div>
      <BalanceChart account={account} />
      <div className="details-grid">
        <Coupons accountId={accountId} />
        <CreditHistory accountId={accountId} />
      </div>
      <Transactions accountId={accountId} />
      <AlertHistory account={account} />
      {can(me, 'funding.manage') && <FundingCover accountId={accountId} enterpriseId={account.enterpriseId!} />}
    </>
  );
}
