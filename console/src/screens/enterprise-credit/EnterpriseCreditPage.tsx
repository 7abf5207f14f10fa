import { Card } from 'antd';
import { useI18n } from '../../i18n';

/** Placeholder: Enterprise credit. */
export default function EnterpriseCreditPage() {
  const { t } = useI18n();
  return <Card title={<h2 className="card-title">{t('enterpriseCredit.title')}</h2>} />;
}
