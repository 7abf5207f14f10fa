import { Card, Descriptions } from 'antd';
import { Money } from '../../components/Money';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { DataTable } from './DataTable';
import type { AccountDetail, TransferBook } from './queries';

/** Own cash against the transfer books, and each source's book with what that source may still withdraw. */
export function TransferBooks({ account }: { account: AccountDetail }) {
  const { t } = useI18n();
  const { href } = usePlace();
  const books = account.transferBooks ?? [];
  return (
    <Card title={<h2 className="card-title">{t('details.books.title')}</h2>}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} items={[
        { key: 'own', label: t('details.books.ownCash'), children: <Money value={account.ownCash} /> },
        { key: 'book', label: t('details.books.transferBook'), children: <Money value={account.transferBook} /> },
        { key: 'held', label: t('details.books.held'), children: <Money value={account.held} /> },
        { key: 'cash', label: t('details.books.cashBalance'), children: <Money value={account.cashBalance} /> },
      ]} />
      <p className="muted">{t('details.books.note')}</p>
      <DataTable<TransferBook>
        label={t('details.books.transferBook')} empty={t('details.books.empty')} rowKey="sourceAccountId" rows={books}
        columns={[
          { title: t('details.books.source'), key: 'source', render: (_: unknown, b) => <a href={href({ screen: 'account', accountId: b.sourceAccountId! })}>{b.sourceName}</a> },
          { title: t('details.books.balance'), dataIndex: 'balance', align: 'right', render: (v: string) => <Money value={v} /> },
          { title: t('details.books.withdrawable'), dataIndex: 'withdrawable', align: 'right', render: (v: string) => <Money value={v} /> },
        ]}
      />
    </Card>
  );
}
