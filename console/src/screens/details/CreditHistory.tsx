import { Card } from 'antd';
import { formatYuan } from '../../components/money';
import { actorName } from '../../components/actor';
import { useI18n } from '../../i18n';
import { DataTable } from './DataTable';
import { Pager, usePager } from './Pager';
import { useCreditHistory, type CreditChange } from './queries';

/** The change records of the account's credit limit: who, when, old → new, why. */
export function CreditHistory({ accountId }: { accountId: number }) {
  const { t, date } = useI18n();
  const pager = usePager();
  const changes = useCreditHistory(accountId, pager.before);
  const label = t('details.credit.historyTitle');
  return (
    <Card title={<h2 className="card-title">{label}</h2>} extra={<Pager pager={pager} next={changes.data?.next ?? null} label={label} />}>
      <DataTable<CreditChange>
        label={label} empty={t('details.credit.empty')} rowKey="id" rows={changes.data?.items ?? []} loading={changes.isLoading} error={changes.error}
        columns={[
          { title: t('details.when'), dataIndex: 'createdAt', render: (v: string) => date(v) },
          {
            title: t('details.credit.change'), key: 'change',
            render: (_: unknown, c) => <span className="money">{t('details.credit.fromTo', { old: formatYuan(c.oldLimit!), new: formatYuan(c.newLimit!) })}</span>,
          },
          { title: t('details.who'), dataIndex: 'actor', render: (v: string | null) => actorName(v) },
          { title: t('details.credit.reason'), dataIndex: 'reason' },
        ]}
      />
    </Card>
  );
}
