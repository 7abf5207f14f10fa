import { App, Button, Card, Table, Tag } from 'antd';
import { ErrorText } from '../../components/ErrorText';
import { useI18n, type MessageKey } from '../../i18n';
import { useDeliveries, useResend, type Delivery, type Endpoint } from './queries';

const STATUS_CLASS: Record<string, string> = { sent: 'state-ok', failed: 'state-bad', retrying: 'state-wait', pending: 'state-wait', sending: 'state-wait' };

/** The last attempt's answer: the status it was refused with, delivered, or no answer at all. */
function Response({ d }: { d: Delivery }) {
  const { t } = useI18n();
  const last = d.attempts?.at(-1);
  if (!last) return <span>—</span>;
  if (last.outcome === 'sent') return <span>{t('webhooks.delivered')}</span>;
  return <span>{last.responseStatus ? t('webhooks.answered', { status: last.responseStatus }) : t('webhooks.noAnswer')}</span>;
}

/** One endpoint's deliveries, newest first: status, attempts, answer, time and event id; a failed one can be resent. */
export function Deliveries({ enterpriseId, endpoint }: { enterpriseId: number; endpoint: Endpoint }) {
  const { t, date } = useI18n();
  const { message } = App.useApp();
  const deliveries = useDeliveries(enterpriseId, endpoint.id!);
  const resend = useResend(enterpriseId, endpoint.id!);
  return (
    <Card title={<h2 className="card-title">{t('webhooks.showDeliveries')}</h2>}>
      <p className="endpoint-url">{t('webhooks.deliveriesTo')} <code>{endpoint.url}</code></p>
      <ErrorText error={deliveries.error ?? resend.error} />
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('webhooks.deliveriesOf', { url: endpoint.url ?? '' })}>
        <Table<Delivery>
          size="small" rowKey="id" pagination={false} loading={deliveries.isLoading} dataSource={deliveries.data?.items ?? []}
          locale={{ emptyText: t('webhooks.noDeliveries') }}
          columns={[
            { title: t('webhooks.eventType'), key: 'type', render: (_, d) => t(`webhooks.event.${d.type}` as MessageKey) },
            { title: t('webhooks.status'), key: 'status', render: (_, d) => <Tag className={STATUS_CLASS[d.status!]}>{t(`webhooks.delivery.${d.status!}`)}</Tag> },
            { title: t('webhooks.attempts'), key: 'attempts', align: 'right', render: (_, d) => d.attempts?.length ?? 0 },
            { title: t('webhooks.response'), key: 'response', render: (_, d) => <Response d={d} /> },
            { title: t('webhooks.time'), key: 'time', render: (_, d) => date(d.attempts?.at(-1)?.at ?? d.createdAt) },
            { title: t('webhooks.eventId'), key: 'eventId', render: (_, d) => <code>{d.eventId}</code> },
            {
              title: '', key: 'resend',
              render: (_, d) => d.status === 'failed' && endpoint.status === 'active' && (
                <Button
                  size="small" aria-label={t('webhooks.resendOf', { event: d.eventId ?? '' })} loading={resend.isPending && resend.variables === d.id}
                  onClick={() => resend.mutate(d.id!, { onSuccess: () => void message.success(t('webhooks.resent')) })}
                >
                  {t('webhooks.resend')}
                </Button>
              ),
            },
          ]}
        />
      </div>
    </Card>
  );
}
