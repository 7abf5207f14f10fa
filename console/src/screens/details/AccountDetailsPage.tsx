import { Card } from 'antd';
import { useI18n } from '../../i18n';

/** Placeholder: Account details. */
export default function AccountDetailsPage() {
  const { t } = useI18n();
  return <Card title={<h2 className="card-title">{t('details.title')}</h2>} />;
}
