import { App, Button, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { useEnterprises } from '../accounts/queries';
import { PartsFields, checkParts, type Typed } from './parts';
import { useSubmitApplication } from './queries';

/** The account manager asks for an enterprise's total credit quota (public + hybrid cloud), with a reason. */
export function SubmitForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const place = usePlace();
  const enterprises = useEnterprises(true);
  const [enterpriseId, setEnterpriseId] = useState<number | undefined>(place.enterpriseId);
  const [typed, setTyped] = useState<Typed>({ publicCloud: '', hybridCloud: '' });
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const submit = useSubmitApplication();
  const parts = checkParts(typed);
  const reasonError = tried && !reason.trim() ? t('applications.reasonNeeded') : undefined;
  const enterpriseError = tried && enterpriseId === undefined ? t('applications.submit.enterpriseNeeded') : undefined;

  const send = () => {
    setTried(true);
    if (!parts.ok || !reason.trim() || enterpriseId === undefined) return;
    submit.mutate({ enterpriseId, publicCloud: parts.publicCloud, hybridCloud: parts.hybridCloud, reason: reason.trim() }, {
      onSuccess: (created) => {
        void message.success(t('applications.submit.sent'));
        place.go({ screen: 'applications', applicationId: created.id! });
      },
    });
  };

  return (
    <Card title={<h2 className="card-title">{t('applications.submit.title')}</h2>}>
      <Form layout="vertical" onFinish={send}>
        <Form.Item label={t('applications.submit.enterprise')} htmlFor="apply-enterprise" validateStatus={enterpriseError ? 'error' : undefined} help={enterpriseError}>
          <Select
            id="apply-enterprise" showSearch optionFilterProp="label" placeholder={t('applications.submit.pickEnterprise')}
            value={enterpriseId} onChange={(id: number) => setEnterpriseId(id)}
            options={(enterprises.data ?? []).map((e) => ({ value: e.id!, label: e.name! }))}
          />
        </Form.Item>
        <PartsFields id="apply" typed={typed} onChange={setTyped} showErrors={tried} />
        <Form.Item label={t('applications.reason')} htmlFor="apply-reason" validateStatus={reasonError ? 'error' : undefined} help={reasonError}>
          <Input.TextArea id="apply-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
        <ErrorText error={submit.error} />
        <Button type="primary" htmlType="submit" loading={submit.isPending} style={{ marginTop: 8 }}>{t('applications.submit.send')}</Button>
      </Form>
    </Card>
  );
}
