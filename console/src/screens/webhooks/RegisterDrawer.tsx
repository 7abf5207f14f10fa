import { Alert, Button, Checkbox, Drawer, Form, Input, Space, Typography } from 'antd';
import { useId, useState } from 'react';
import { ApiError } from '../../api/client';
import { describeError, ErrorText } from '../../components/ErrorText';
import { useIsPhone } from '../../components/useIsPhone';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../../../domain/webhook-events';
import { useRegister } from './queries';

/** The API's refusal of one field, in words, to show next to it (undefined: not about this field). */
function fieldRefusal(error: unknown, field: 'url' | 'events', t: Translate): string | undefined {
  if (!(error instanceof ApiError) || error.details.field !== field) return undefined;
  const reason = error.details.reason;
  if (error.code === 'WEBHOOK_URL_NOT_ALLOWED' && typeof reason === 'string') {
    const key = `webhooks.urlRefused.${reason}` as MessageKey;
    return t(key);
  }
  return describeError(error, t);
}

/** The secret, once: copy it now, it is never shown again. */
function SecretShown({ secret, onDone }: { secret: string; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="warning" showIcon role="alert" title={t('webhooks.secretWarning')} />
      <div>
        <div className="muted" id="webhook-secret-label">{t('webhooks.secretLabel')}</div>
        <Typography.Paragraph
          aria-labelledby="webhook-secret-label" code className="secret"
          copyable={{ text: secret, tooltips: [t('webhooks.copy'), t('webhooks.copied')], icon: [<span key="c">{t('webhooks.copy')}</span>, <span key="d">{t('webhooks.copied')}</span>] }}
        >
          {secret}
        </Typography.Paragraph>
      </div>
      <Button type="primary" onClick={onDone}>{t('webhooks.done')}</Button>
    </Space>
  );
}

/** Registers an endpoint: its URL and the events it wants; then shows the signing secret once. */
export function RegisterDrawer({ enterpriseId, onClose }: { enterpriseId: number; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const titleId = useId();
  const register = useRegister(enterpriseId);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const [tried, setTried] = useState(false);
  const secret = register.data?.secret;

  const urlError = (tried && !url.trim() ? t('webhooks.urlNeeded') : undefined) ?? fieldRefusal(register.error, 'url', t);
  const eventsError = (tried && events.length === 0 ? t('webhooks.eventsNeeded') : undefined) ?? fieldRefusal(register.error, 'events', t);
  const otherError = register.error instanceof ApiError && ['url', 'events'].includes(String(register.error.details.field)) ? null : register.error;
  const submit = () => {
    setTried(true);
    if (url.trim() && events.length) register.mutate({ url: url.trim(), events });
  };

  return (
    <Drawer
      open onClose={onClose} size={phone ? '100%' : 520} aria-labelledby={titleId} maskClosable={!secret}
      title={<span id={titleId}>{secret ? t('webhooks.secretTitle') : t('webhooks.register')}</span>}
      footer={secret ? null : (
        <Space>
          <Button onClick={onClose}>{t('webhooks.cancel')}</Button>
          <Button type="primary" loading={register.isPending} onClick={submit}>{t('webhooks.submit')}</Button>
        </Space>
      )}
    >
      {secret ? <SecretShown secret={secret} onDone={onClose} /> : (
        <Form layout="vertical" onFinish={submit}>
          <Form.Item label={t('webhooks.url')} htmlFor="webhook-url" extra={t('webhooks.urlHelp')} validateStatus={urlError ? 'error' : undefined} help={urlError}>
            <Input id="webhook-url" type="url" inputMode="url" autoComplete="url" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />
          </Form.Item>
          <fieldset className="plain-fieldset">
            <legend>{t('webhooks.events')}</legend>
            <Checkbox.Group className="event-choices" value={events} onChange={(v) => setEvents(v as WebhookEvent[])}>
              {WEBHOOK_EVENTS.map((e) => <Checkbox key={e} value={e}>{t(`webhooks.event.${e}`)}</Checkbox>)}
            </Checkbox.Group>
            {eventsError && <div role="alert" className="field-error">{eventsError}</div>}
          </fieldset>
          <ErrorText error={otherError} />
          <button type="submit" hidden />
        </Form>
      )}
    </Drawer>
  );
}
