import { Card } from 'antd';
import { Money } from '../../components/Money';
import { useI18n } from '../../i18n';
import { DataTable } from './DataTable';
import { useCoupons, type Coupon } from './queries';

/** The coupons the account can spend now, the soonest to expire first, with their validity. */
export function Coupons({ accountId }: { accountId: number }) {
  const { t, date } = useI18n();
  const coupons = useCoupons(accountId);
  return (
    <Card title={<h2 className="card-title">{t('details.coupons.title')}</h2>}>
      <DataTable<Coupon>
        label={t('details.coupons.title')} empty={t('details.coupons.empty')} rowKey="id"
        rows={coupons.data ?? []} loading={coupons.isLoading} error={coupons.error}
        columns={[
          { title: t('details.coupons.amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
          { title: t('details.coupons.remaining'), dataIndex: 'remaining', align: 'right', render: (v: string) => <Money value={v} /> },
          { title: t('details.coupons.validity'), key: 'validity', render: (_: unknown, c) => t('details.coupons.range', { from: date(c.validFrom), to: date(c.validTo) }) },
        ]}
      />
    </Card>
  );
}
