import { DownloadOutlined, ReloadOutlined, ShareAltOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Dropdown, Input, Select, Space, Table } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { can } from '../../session/can';
import { useSession } from '../../session/session';
import { CreditDrawer } from '../credit/CreditDrawer';
import { FundingPoliciesDrawer } from '../funding/FundingPoliciesDrawer';
import { TransferPanel } from '../transfer/TransferPanel';
import { AccountCards } from './AccountCards';
import { AlertDrawer } from './AlertDrawer';
import { accountColumns } from './columns';
import { exportCsv } from './export';
import { Totals } from './Totals';
import { useAccountPage, useEnterprise, type Account, type AccountListQuery } from './queries';

type Sort = NonNullable<AccountListQuery['sort']>;
const PAGE_SIZES = [20, 50, 100];

/** The tab: the enterprise's totals, then its accounts, sorted, searched, filtered and paged by the API. */
export function AccountsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { enterpriseId } = usePlace();
  const enterprise = useEnterprise(can(me, 'enterprises.read') ? enterpriseId : undefined);

  const [sort, setSort] = useState<{ by: Sort; order: 'asc' | 'desc' }>({ by: 'id', order: 'asc' });
  const [search, setSearch] = useState('');
  const [alerting, setAlerting] = useState(false);
  const [stopped, setStopped] = useState(false);
  const [limit, setLimit] = useState(20);
  const [cursors, setCursors] = useState<string[]>([]);
  const query: AccountListQuery = {
    sort: sort.by, order: sort.order, limit,
    ...(search && { search }), ...(alerting && { alerting: true }), ...(stopped && { status: 'stopped' as const }),
    ...(cursors.length > 0 && { cursor: cursors[cursors.length - 1] }),
  };
  const page = useAccountPage(enterpriseId, query);
  const firstPage = () => setCursors([]);

  const [selected, setSelected] = useState<Account[]>([]);
  const [alertFor, setAlertFor] = useState<Account[] | null>(null);
  const mayAlert = can(me, 'alerts.write');
  const mayTransfer = can(me, 'transfers.write');
  const [transferFrom, setTransferFrom] = useState<Account | null>(null);
  const mayAssign = can(me, 'limits.write');
  const [creditFor, setCreditFor] = useState<Account | null>(null);
  const [fundingOpen, setFundingOpen] = useState(false);
  const columns = useMemo(
    () => accountColumns(t, sort, {
      ...(mayAlert && { onAlert: (a: Account) => setAlertFor([a]) }),
      ...(mayTransfer && { onTransfer: (a: Account) => setTransferFrom(a) }),
      ...(mayAssign && { onCredit: (a: Account) => setCreditFor(a) }),
    }),
    [t, sort, mayAlert, mayTransfer, mayAssign],
  );
  const rows = page.data?.items ?? [];
  const name = enterprise.data?.name ?? (enterpriseId ? `#${enterpriseId}` : '');

  // The enterprise changed (staff picked another): back to its first page, nothing selected.
  const [shown, setShown] = useState(enterpriseId);
  if (shown !== enterpriseId) { setShown(enterpriseId); setCursors([]); setSelected([]); }

  return (
    <>
        {enterpriseId !== undefined && can(me, 'enterprises.read') && <Totals enterpriseId={enterpriseId} />}
        {enterpriseId !== undefined && (
          <Card title={<h2 className="card-title">{t('list.title')}</h2>} extra={can(me, 'accounts.read') && me?.role !== 'member' && (
            <Space wrap>
              {can(me, 'funding.manage') && <Button icon={<ShareAltOutlined />} onClick={() => setFundingOpen(true)}>{t('funding.open')}</Button>}
              <Dropdown
                trigger={['click']} autoFocus
                menu={{
                  items: [{ key: 'page', label: t('list.exportPage') }, { key: 'all', label: t('list.exportAll') }],
                  onClick: ({ key }) => void exportCsv({ enterpriseId, enterpriseName: name, query, all: key === 'all', t }),
                }}
              >
                <Button icon={<DownloadOutlined />} aria-label={t('list.export')}>{t('list.export')}</Button>
              </Dropdown>
            </Space>
          )}>
            <div className="toolbar">
              <Input.Search
                className="grow" aria-label={t('list.search')} placeholder={t('list.search')} allowClear
                onSearch={(value) => { setSearch(value.trim()); firstPage(); }}
              />
              <Checkbox checked={alerting} onChange={(e) => { setAlerting(e.target.checked); firstPage(); }}>{t('list.filterAlert')}</Checkbox>
              <Checkbox checked={stopped} onChange={(e) => { setStopped(e.target.checked); firstPage(); }}>{t('list.filterStopped')}</Checkbox>
              <Button icon={<ReloadOutlined />} onClick={() => void page.refetch()} loading={page.isFetching}>{t('list.refresh')}</Button>
              {mayAlert && (
                <Button disabled={selected.length === 0} onClick={() => setAlertFor(selected)}>
                  {t('list.batchAlert')}{selected.length > 0 ? ` (${t('list.selected', { count: selected.length })})` : ''}
                </Button>
              )}
            </div>
            <ErrorText error={page.error} />
            <div className="account-table table-scroll">
              <Table<Account>
                rowKey="id" size="middle" columns={columns} dataSource={rows} loading={page.isLoading} pagination={false}
                locale={{ emptyText: t('list.empty') }}
                rowSelection={mayAlert ? { selectedRowKeys: selected.map((a) => a.id), onChange: (_keys, picked) => setSelected(picked) } : undefined}
                onChange={(_p, _f, sorter) => {
                  const s = sorter as SorterResult<Account>;
                  setSort(s.order && s.columnKey ? { by: s.columnKey as Sort, order: s.order === 'ascend' ? 'asc' : 'desc' } : { by: 'id', order: 'asc' });
                  firstPage();
                }}
              />
            </div>
            <AccountCards accounts={rows} onAlert={mayAlert ? (a) => setAlertFor([a]) : undefined} onTransfer={mayTransfer ? setTransferFrom : undefined} />
            <Space wrap className="toolbar" style={{ marginTop: 12 }}>
              <Button onClick={firstPage} disabled={cursors.length === 0}>{t('list.first')}</Button>
              <Button onClick={() => page.data?.next && setCursors([...cursors, page.data.next])} disabled={!page.data?.next}>{t('list.next')}</Button>
              <Select
                aria-label={t('list.pageSize')} value={limit} onChange={(n: number) => { setLimit(n); firstPage(); }}
                options={PAGE_SIZES.map((n) => ({ value: n, label: t('list.perPage', { count: n }) }))}
              />
              <span role="status" className="muted">{page.data ? t('list.updated', { count: rows.length }) : ''}</span>
            </Space>
          </Card>
        )}
      {transferFrom && enterpriseId !== undefined && (
        <TransferPanel account={transferFrom} enterpriseId={enterpriseId} onClose={() => setTransferFrom(null)} />
      )}
      {creditFor && enterpriseId !== undefined && <CreditDrawer account={creditFor} enterpriseId={enterpriseId} onClose={() => setCreditFor(null)} />}
      {fundingOpen && enterpriseId !== undefined && <FundingPoliciesDrawer enterpriseId={enterpriseId} onClose={() => setFundingOpen(false)} />}
      {alertFor && <AlertDrawer accounts={alertFor} onClose={() => setAlertFor(null)} onSaved={() => setSelected([])} />}
    </>
  );
}
