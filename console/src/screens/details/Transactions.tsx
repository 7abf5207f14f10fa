import { Card } from 'antd';
import { actorName } from '../../components/actor';
import { Money } from '../../components/Money';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { DataTable } from './DataTable';
import { Pager, usePager } from './Pager';
import { useTransactions, type Entry } from './queries';
import { bookWord, externalWord, kindWord } from './words';

const PAGE = 10;

/** The account's ledger entries, newest first, each with its kind, amount, counterparty and who made it. */
export function Transactions({ accountId }: { accountId: number }) {
  const { t, date } = useI18n();
  const { href } = usePlace();
  const pager = usePager();
  const entries = useTransactions(accountId, PAGE, pager.before);
  const label = t('details.tx.title');
  return (
    <Card title={<h2 className="card-title">{label}</h2>} extra={<Pager pager={pager} next={entries.data?.next ?? null} label={label} />}>
      <DataTable<Entry>
        label={label} empty={t('details.tx.empty')} rowKey="id" rows={entries.data?.items ?? []} loading={entries.isLoading} error={entries.error}
        columns={[
          { title: t('details.when'), dataIndex: 'createdAt', render: (v: string) => date(v) },
          { title: t('details.tx.kind'), dataIndex: 'kind', render: (v: string) => kindWord(t, v) },
          { title: t('details.tx.book'), dataIndex: 'book', render: (v: string) => bookWord(t, v) },
          { title: t('details.amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
          {
            title: t('details.tx.counterparty'), key: 'counterparty',
            render: (_: unknown, e) => (e.counterparty
              ? <a href={href({ screen: 'account', accountId: e.counterparty.accountId! })}>{e.counterparty.name}</a>
              : externalWord(t, e.external)),
          },
          { title: t('details.who'), dataIndex: 'actor', render: (v: string | null) => actorName(v) },
        ]}
      />
    </Card>
  );
}
