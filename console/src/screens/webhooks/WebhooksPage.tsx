import { App, Button, Card, Space, Tag } from 'antd';
import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { Deliveries } from './Deliveries';
import { useEnable, useEndpoints, type Endpoint } from './queries';
import { RegisterDrawer } from './RegisterDrawer';

/** Enabled, or disabled with when and why; a failing one says since when. */
function EndpointStatus({ endpoint }: { endpoint: Endpoint }) {
  const { t, date } = useI18n();
  if (endpoint.status === 'active') {
    return (
      <span>
        <Tag className="state-ok">{t('webhooks.active')}</Tag>
        {endpoint.failingSince && <span className="fired">{t('webhooks.failingSince', { time: date(endpoint.failingSince) })}</span>}
      </span>
    );
  }
  return (
    <span>
      <Tag className="state-bad">{t('webhooks.disabled')}</Tag>
      {t('webhooks.disabledSince', { time: date(endpoint.disabledAt), since: date(endpoint.failingSince) })}
    </span>
  );
}

function EndpointItem({ endpoint, enterpriseId, shown, onShow }: { endpoint: Endpoint; enterpriseId: number; shown: boolean; onShow: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const enable = useEnable(enterpriseId);
  return (
    <li>
      <code>{endpoint.url}</code>
      <div>
        <span className="muted">{t('webhooks.events')}: </span>
        {endpoint.events?.map((e) => <Tag key={e}>{t(`webhooks.event.${e}`)}</Tag>)}
      </div>
      <div><span className="muted">{t('webhooks.status')}: </span><EndpointStatus endpoint={endpoint} /></div>
      <Space wrap>
        <Button aria-label={t('webhooks.deliveriesOf', { url: endpoint.url ?? '' })} aria-pressed={shown} onClick={onShow}>{t('webhooks.showDeliveries')}</Button>
        {endpoint.status === 'disabled' && (
          <Button
            aria-label={t('webhooks.enableOf', { url: endpoint.url ?? '' })} loading={enable.isPending}
            onClick={() => enable.mutate(endpoint.id!, { onSuccess: () => void message.success(t('webhooks.enabled')) })}
          >
            {t('webhooks.enable')}
          </Button>
        )}
      </Space>
      <ErrorText error={enable.error} />
    </li>
  );
}

/** The enterprise admin's webhook endpoints: register one, enable a disabled one, follow and resend deliveries. */
export default function WebhooksPage() {
  const { t } = useI18n();
  const enterpriseId = usePlace().enterpriseId!;
  const endpoints = useEndpoints(enterpriseId);
  const [registering, setRegistering] = useState(false);
  const [shownId, setShownId] = useState<string>();
  const items = endpoints.data?.items ?? [];
  const shown = items.find((e) => e.id === shownId);
  return (
    <>
      <Card
        title={<h2 className="card-title">{t('webhooks.title')}</h2>}
        extra={<Button type="primary" onClick={() => setRegistering(true)}>{t('webhooks.register')}</Button>}
      >
        <p className="muted">{t('webhooks.intro')}</p>
        <ErrorText error={endpoints.error} />
        {endpoints.data && (items.length === 0 ? <p>{t('webhooks.empty')}</p> : (
          <ul className="endpoint-list">
            {items.map((e) => (
              <EndpointItem key={e.id} endpoint={e} enterpriseId={enterpriseId} shown={e.id === shownId} onShow={() => setShownId(e.id === shownId ? undefined : e.id)} />
            ))}
          </ul>
        ))}
      </Card>
      {shown && <Deliveries enterpriseId={enterpriseId} endpoint={shown} />}
      {registering && <RegisterDrawer enterpriseId={enterpriseId} onClose={() => setRegistering(false)} />}
    </>
  );
}
