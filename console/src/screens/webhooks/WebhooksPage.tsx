import { Card } from 'antd';
import { useI18n } from '../../i18n';

/** Placeholder: Webhooks. */
export default function WebhooksPage() {
  const { t } = useI18n();
  return <Card title={<h2 className="card-title">{t('webhooks.title')}</h2>} />;
}
