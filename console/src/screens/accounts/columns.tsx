import { EditOutlined } from '@ant-design/icons';
import { Button, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SortOrder } from 'antd/es/table/interface';
import { AccountLink } from '../../components/AccountLink';
import { Money } from '../../components/Money';
import { formatYuan } from '../../components/money';
import type { Translate } from '../../i18n';
import type { Account, AccountListQuery } from './queries';

type Sort = NonNullable<AccountListQuery['sort']>;

export interface ColumnActions {
  onAlert?: (account: Account) => void;
  onCredit?: (account: Account) => void;
  onTransfer?: (account: Account) => void;
}

export const alertText = (a: Account, t: Translate): string =>
  !a.alertEnabled || a.alertThreshold === null
    ? t('alert.off')
    : t(a.alertStatus === 'fired' ? 'alert.fired' : 'alert.armed', { threshold: `¥${a.alertThreshold}` });

export const statusText = (a: Account, t: Translate): string => t(`status.${a.status}`);

/** The list's columns, in the seed's order; only the sortable ones are sorted by the API. */
export function accountColumns(t: Translate, sort: { by: Sort; order: 'asc' | 'desc' }, actions: ColumnActions): ColumnsType<Account> {
  const sorted = (key: Sort): { sorter: true; sortOrder: SortOrder; key: Sort } =>
    ({ sorter: true, key, sortOrder: sort.by === key ? (sort.order === 'asc' ? 'ascend' : 'descend') : null });
  const money = (title: string, field: keyof Account, sortKey?: Sort) => ({
    title, dataIndex: field, align: 'right' as const, ...(sortKey ? sorted(sortKey) : { key: field }),
    render: (value: string) => <Money value={value} />,
  });
  return [
    {
      title: t('col.account'), dataIndex: 'name', ...sorted('name'),
      render: (_: unknown, a: Account) => (
        <div>
          <div><AccountLink id={a.id} name={a.name} /> {a.kind === 'ma' && <Tag>{t('kind.ma')}</Tag>}</div>
          <div className="muted">#{a.id}</div>
        </div>
      ),
    },
    money(t('col.available'), 'available', 'available'),
    money(t('col.cash'), 'cashBalance', 'cash_balance'),
    money(t('col.transferBook'), 'transferBook'),
    {
      // Not sortable: the API does not sort by runway (ACCOUNT_SORTS).
      title: t('col.runway'), key: 'runway', align: 'right',
      render: (_: unknown, a: Account) => (a.runwayDays === null ? '—' : (
        <div>
          <div>{t('runway.days', { days: a.runwayDays })}</div>
          <div className="muted money">{t('runway.rate', { amount: formatYuan(a.spendRate) })}</div>
        </div>
      )),
    },
    {
      title: t('col.coupons'), key: 'coupons', align: 'right',
      render: (_: unknown, a: Account) => <span className="money">{t('coupons.value', { count: a.validCoupons, amount: `¥${a.couponBalance}` })}</span>,
    },
    {
      title: t('col.alert'), key: 'alert',
      render: (_: unknown, a: Account) => (
        <Space size={4}>
          <span className={a.alertStatus === 'fired' ? 'fired' : undefined}>{alertText(a, t)}</span>
          {a.alertEnabled && a.alertRecovered && <Tag>{t('alert.recovered')}</Tag>}
          {a.alertEnabled && a.alertRunwayDays !== null && <Tag>{t('alert.runway', { days: a.alertRunwayDays })}</Tag>}
          {actions.onAlert && (
            <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('alert.edit', { name: a.name })} onClick={() => actions.onAlert!(a)} />
          )}
        </Space>
      ),
    },
    {
      ...money(t('col.creditLimit'), 'creditLimit', 'credit_limit'),
      render: (value: string, a: Account) => (
        <Space size={4}>
          <Money value={value} />
          {actions.onCredit && a.kind === 'member' && (
            <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('credit.edit', { name: a.name })} onClick={() => actions.onCredit!(a)} />
          )}
        </Space>
      ),
    },
    {
      title: t('col.status'), key: 'status',
      render: (_: unknown, a: Account) => <span className={`status-${a.status}`}>{statusText(a, t)}</span>,
    },
    {
      title: t('col.held'), key: 'held', align: 'right',
      render: (_: unknown, a: Account) => (a.held === '0.00' ? '' : <Money value={a.held} />),
    },
    {
      title: t('col.operations'), key: 'operations',
      render: (_: unknown, a: Account) => (
        <Space size={4}>
          <AccountLink id={a.id} name={a.name} label={`${t('op.details')} ${a.name}`}>{t('op.details')}</AccountLink>
          {actions.onTransfer && (
            <Button type="link" size="small" aria-label={`${t('op.transfer')} ${a.name}`} onClick={() => actions.onTransfer!(a)} disabled={a.status === 'closed'}>
              {t('op.transfer')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
}
