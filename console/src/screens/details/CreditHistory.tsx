import { Card, Table } from 'antd';
import { ErrorText } from '../../components/ErrorText';
import { formatYuan } from '../../components/money';
import { useI18n } from '../../i18n';
import { Scroll } from './Scroll';
import { Pager, usePager } from './Pager';
import { useCreditHistory, type CreditChange } from './queries';

/** The change records of the account's credit limit: who, when, old → new, why. */
export function CreditHistory({ accountId }: { accountId: number }) {
  const { t, date } = useI18n();
  const pager = usePager();
  const changes = useCreditHistory(accountId, pager.before);
  return (
    <Card title={<h2 className="card-title">{t('details.credit.historyTitle')}</h2>} extra={<Pager pager={pager} next={changes.data?.next ?? null} label={t('details.credit.historyTitle')} />}>
      <ErrorText error={changes.error} />
      <Scroll label={t('details.credit.historyTitle')}>
        <Table<CreditChange>
          size="small" rowKey="id" pagination={false} loading={changes.isLoading} dataSource={changes.data?.items ?? []}
          aria-label={t('details.credit.historyTitle')} locale={{ emptyText: <span className="muted">{t('details.credit.empty')}</span> }}
          columns={[
            { title: t('details.when'), dataIndex: 'createdAt', render: (v: string) => date(v) },
            {
              title: t('details.credit.change'), key: 'change',
              render: (_: unknown, c) => <span className="money">{t('details.credit.fromTo', { old: formatYuan(c.oldLimit!), new: formatYuan(c.newLimit!) })}</span>,
            },
            { title: t('details.who'), dataIndex: 'actor' },
            { title: t('details.credit.reason'), dataIndex: 'reason' },
          ]}
        />
      </Scroll>
    </Card>
  );
}
