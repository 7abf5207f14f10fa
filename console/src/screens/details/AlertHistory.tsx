import { Card, Descriptions } from 'antd';
import { Money } from '../../components/Money';
import { formatYuan } from '../../components/money';
import { useI18n, type MessageKey } from '../../i18n';
import { DataTable } from './DataTable';
import { Pager, usePager } from './Pager';
import { useAlertHistory, useNotifications, type AccountDetail, type AlertRecord, type Notification } from './queries';
import { topicWord } from './words';

/** The alert settings and runway, each crossing the ledger recorded, and the messages sent about the account. */
export function AlertHistory({ account }: { account: AccountDetail }) {
  const { t, date } = useI18n();
  const accountId = account.id!;
  const alertPager = usePager();
  const notePager = usePager();
  const alerts = useAlertHistory(accountId, alertPager.before);
  const notes = useNotifications(accountId, notePager.before);
  const onOff = (on: boolean) => t(on ? 'details.alerts.on' : 'details.alerts.off');
  const threshold = account.alertThreshold == null ? null : formatYuan(account.alertThreshold);
  return (
    <Card title={<h2 className="card-title">{t('details.alerts.title')}</h2>}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={[
        { key: 'alert', label: t('details.alerts.setting'), children: account.alertEnabled && threshold ? `${onOff(true)} · ${threshold}` : onOff(false) },
        { key: 'recovered', label: t('details.alerts.recovered'), children: onOff(!!account.alertRecovered) },
        {
          key: 'runwayAlert', label: t('details.alerts.runwayAlert'),
          children: account.alertRunwayDays == null ? onOff(false) : t('details.alerts.runwayAlertDays', { days: account.alertRunwayDays }),
        },
        { key: 'rate', label: t('details.alerts.spendRate'), children: <Money value={account.spendRate} /> },
        { key: 'runway', label: t('details.alerts.runway'), children: account.runwayDays == null ? t('details.alerts.runwayNone') : t('runway.days', { days: account.runwayDays }) },
      ]} />
      <h3 className="details-subtitle">{t('details.alerts.history')}</h3>
      <DataTable<AlertRecord>
        label={t('details.alerts.history')} empty={t('details.alerts.historyEmpty')} rowKey="id"
        rows={alerts.data?.items ?? []} loading={alerts.isLoading} error={alerts.error}
        columns={[
          { title: t('details.when'), dataIndex: 'at', render: (v: string) => date(v) },
          {
            title: t('details.alerts.event'), key: 'event',
            render: (_: unknown, a) => t(`details.alerts.kind.${a.kind}` as MessageKey, { threshold: a.threshold ? formatYuan(a.threshold) : '', days: a.days ?? '' }),
          },
          { title: t('details.alerts.available'), dataIndex: 'available', align: 'right', render: (v: string) => <Money value={v} /> },
        ]}
      />
      <Pager pager={alertPager} next={alerts.data?.next ?? null} label={t('details.alerts.history')} />
      <h3 className="details-subtitle">{t('details.notes.title')}</h3>
      <DataTable<Notification>
        label={t('details.notes.title')} empty={t('details.notes.empty')} rowKey="id"
        rows={notes.data?.items ?? []} loading={notes.isLoading} error={notes.error}
        columns={[
          { title: t('details.when'), dataIndex: 'createdAt', render: (v: string) => date(v) },
          { title: t('details.notes.subject'), dataIndex: 'topic', render: (v: string) => topicWord(t, v) },
          { title: t('details.notes.to'), key: 'to', render: (_: unknown, n) => `${t(`details.notes.channel.${n.channel}` as MessageKey)} · ${n.recipient}` },
          { title: t('details.notes.status'), dataIndex: 'status', render: (v: string) => t(`details.notes.status.${v}` as MessageKey) },
        ]}
      />
      <Pager pager={notePager} next={notes.data?.next ?? null} label={t('details.notes.title')} />
    </Card>
  );
}
