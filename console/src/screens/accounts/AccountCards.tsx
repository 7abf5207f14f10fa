import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Tag } from 'antd';
import { AccountLink } from '../../components/AccountLink';
import { Money } from '../../components/Money';
import { useI18n } from '../../i18n';
import { alertText, statusText } from './columns';
import type { Account } from './queries';

/** The list at phone width: one card per account with the same figures as the table's columns. */
export function AccountCards({ accounts, onAlert, onTransfer }: { accounts: Account[]; onAlert?: (a: Account) => void; onTransfer?: (a: Account) => void }) {
  const { t } = useI18n();
  return (
    <ul className="account-cards" aria-label={t('list.title')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {accounts.map((a) => (
        <li key={a.id}>
          <Card size="small" actions={[
            <AccountLink key="d" id={a.id} name={a.name} label={`${t('op.details')} ${a.name}`}>{t('op.details')}</AccountLink>,
            ...(onTransfer && a.status !== 'closed' ? [<Button key="t" type="link" aria-label={`${t('op.transfer')} ${a.name}`} onClick={() => onTransfer(a)}>{t('op.transfer')}</Button>] : []),
          ]} title={<span><AccountLink id={a.id} name={a.name} /> <span className="muted">#{a.id}</span></span>} extra={<Tag>{statusText(a, t)}</Tag>}>
            <Descriptions size="small" column={1} items={[
              { key: 'available', label: t('col.available'), children: <Money value={a.available} /> },
              { key: 'cash', label: t('col.cash'), children: <Money value={a.cashBalance} /> },
              { key: 'book', label: t('col.transferBook'), children: <Money value={a.transferBook} /> },
              { key: 'credit', label: t('col.creditLimit'), children: <Money value={a.creditLimit} /> },
              {
                key: 'alert', label: t('col.alert'), children: (
                  <span>
                    {alertText(a, t)}
                    {onAlert && <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('alert.edit', { name: a.name })} onClick={() => onAlert(a)} />}
                  </span>
                ),
              },
              ...(a.held === '0.00' ? [] : [{ key: 'held', label: t('col.held'), children: <Money value={a.held} /> }]),
            ]} />
          </Card>
        </li>
      ))}
    </ul>
  );
}
