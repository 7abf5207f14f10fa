import { Card } from 'antd';
import { useI18n } from '../../i18n';

/** Placeholder: Service health. */
export default function OpsPage() {
  const { t } = useI18n();
  return <Card title={<h2 className="card-title">{t('ops.title')}</h2>} />;
}
