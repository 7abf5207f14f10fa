import { Card, Statistic } from 'antd';
import { ErrorText } from '../../components/ErrorText';
import { formatYuan } from '../../components/money';
import { useI18n, type MessageKey } from '../../i18n';
import { useEnterpriseTotals } from './queries';

/** The enterprise's figures above the list: cash, transfer books, and its credit quota (total / assigned / available). */
export function Totals({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useI18n();
  const totals = useEnterpriseTotals(enterpriseId);
  const d = totals.data;
  const figures: [MessageKey, string | undefined][] = [
    ['totals.cash', d?.cashBalance], ['totals.transferBook', d?.transferBook],
    ['totals.creditTotal', d?.credit?.total], ['totals.creditAssigned', d?.credit?.assigned], ['totals.creditAvailable', d?.credit?.available],
  ];
  return (
    <section aria-label={t('totals.title')}>
      <ErrorText error={totals.error} />
      <div className="totals">
        {figures.map(([key, value]) => (
          <Card key={key} size="small">
            <Statistic title={t(key)} loading={totals.isLoading} formatter={() => <span className="money">{value ? formatYuan(value) : '—'}</span>} />
          </Card>
        ))}
      </div>
    </section>
  );
}
