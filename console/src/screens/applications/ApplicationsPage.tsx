import { Card } from 'antd';
import { useI18n } from '../../i18n';

/** Placeholder: Credit applications. */
export default function ApplicationsPage() {
  const { t } = useI18n();
  return <Card title={<h2 className="card-title">{t('applications.title')}</h2>} />;
}
