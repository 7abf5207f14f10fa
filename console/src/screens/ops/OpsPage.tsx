import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { ErrorText } from '../../components/ErrorText';
import { openDashboard } from '../../components/dashboard';
import { useI18n, type MessageKey } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { useEnterprise } from '../accounts/queries';
import { useHealth, type Check, type QueueCounts } from './queries';

/** What a check found, in this language's words (the API's detail stays below it, as the process wrote it). */
function CheckWords({ check }: { check: Check }) {
  const { t } = useI18n();
  const address = check.address ?? '';
  if (check.ok) return <span>{check.component === 'Migrations' ? t('ops.migrationsOk') : t('ops.okAt', { address })}</span>;
  const problem = check.problem ?? 'unreachable';
  return (
    <>
      <span>{t(`ops.problem.${problem}`, { address, count: check.pending?.length ?? 0 })}</span>
      <div className="muted">{t('ops.detail')}: <code>{check.pending?.length ? check.pending.join(', ') : check.detail}</code></div>
    </>
  );
}

function Checks({ checks }: { checks: Check[] }) {
  const { t } = useI18n();
  return (
    <ul className="health-checks" aria-label={t('ops.checks')}>
      {checks.map((check) => (
        <li key={check.component} className={check.ok ? 'health-ok' : 'health-problem'}>
          <strong>{t(`ops.component.${check.component}` as MessageKey)}</strong>
          <Tag className={check.ok ? 'state-ok' : 'state-bad'} icon={check.ok ? <CheckCircleFilled /> : <CloseCircleFilled />}>
            {check.ok ? t('ops.ok') : t('ops.problem')}
          </Tag>
          <div><CheckWords check={check} /></div>
        </li>
      ))}
    </ul>
  );
}

const COUNTS = ['waiting', 'active', 'delayed', 'failed', 'completed', 'workers'] as const;

function Queues({ items }: { items: QueueCounts[] }) {
  const { t } = useI18n();
  const warnings = (q: QueueCounts) => [
    ...(q.workers === 0 && (q.waiting ?? 0) > 0 ? [t('ops.noWorkers')] : []),
    ...((q.failed ?? 0) > 0 ? [t('ops.someFailed')] : []),
  ];
  return (
    <div className="table-scroll health-queues" tabIndex={0} role="region" aria-label={t('ops.queues')}>
      <Table<QueueCounts>
        size="small" pagination={false} rowKey="name" dataSource={items}
        columns={[
          {
            title: t('ops.queue'), key: 'name',
            render: (_, q) => (
              <>
                <div>{t(`ops.queue.${q.name!}` as MessageKey)} <code>{q.name}</code></div>
                {warnings(q).map((w) => <div key={w} className="fired">{w}</div>)}
              </>
            ),
          },
          ...COUNTS.map((c) => ({ title: t(`ops.${c}`), dataIndex: c, key: c, align: 'right' as const })),
        ]}
      />
    </div>
  );
}

/** The Temporal Web UI (all workflows, and the picked enterprise's) and the queue dashboard. */
function Tools({ allUrl, enterpriseUrl }: { allUrl?: string; enterpriseUrl?: string | null }) {
  const { t } = useI18n();
  const { enterpriseId } = usePlace();
  const enterprise = useEnterprise(enterpriseId);
  return (
    <Space direction="vertical">
      {allUrl && <Typography.Link href={allUrl} target="_blank" rel="noopener">{t('ops.temporalAll')} <span className="visually-hidden">{t('ops.newTab')}</span></Typography.Link>}
      {enterpriseUrl && enterprise.data
        ? <Typography.Link href={enterpriseUrl} target="_blank" rel="noopener">{t('ops.temporalEnterprise', { name: enterprise.data.name ?? '' })} <span className="visually-hidden">{t('ops.newTab')}</span></Typography.Link>
        : <span className="muted">{t('ops.pickForTemporal')}</span>}
      <Button onClick={openDashboard}>{t('ops.dashboard')}</Button>
    </Space>
  );
}

/** Service health for ops: the checks of `uam doctor`, each queue's counts, and where to look further. */
export default function OpsPage() {
  const { t, date } = useI18n();
  const { enterpriseId } = usePlace();
  const health = useHealth(enterpriseId);
  const checks = health.data?.checks ?? [];
  const problems = checks.filter((c) => !c.ok).length;
  return (
    <>
      <Card
        title={<h2 className="card-title">{t('ops.title')}</h2>}
        extra={<Button icon={<ReloadOutlined />} loading={health.isFetching} onClick={() => void health.refetch()}>{t('ops.refresh')}</Button>}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <ErrorText error={health.error} />
          {health.data && (
            <>
              <div role="status">
                <Alert type={problems ? 'error' : 'success'} showIcon title={problems ? t('ops.problems', { count: problems }) : t('ops.allOk')} />
              </div>
              <span className="muted">{t('ops.checkedAt', { time: date(new Date(health.dataUpdatedAt).toISOString()) })}</span>
              <Checks checks={checks} />
              {health.data.redisWarning && <Alert type="warning" showIcon title={t('ops.redisWarning')} />}
            </>
          )}
        </Space>
      </Card>
      {health.data && (
        <Card title={<h2 className="card-title">{t('ops.queues')}</h2>}>
          {health.data.queues?.ok ? <Queues items={health.data.queues.items ?? []} /> : <Alert type="warning" showIcon title={t('ops.queuesUnavailable')} />}
        </Card>
      )}
      <Card title={<h2 className="card-title">{t('ops.tools')}</h2>}>
        <Tools allUrl={health.data?.temporalUiUrl} enterpriseUrl={health.data?.enterpriseWorkflowsUrl} />
      </Card>
    </>
  );
}
