import { App, Button, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { useI18n } from '../../i18n';
import { PartsFields, checkParts, type Typed } from './parts';
import { useDecideApplication, type ApplicationStatus } from './queries';

type Choice = 'asRequested' | 'other' | 'reject';

/** The credit reviewer approves as requested or with other amounts, or rejects; a reason every time. */
export function DecideForm({ status }: { status: ApplicationStatus }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [choice, setChoice] = useState<Choice>('asRequested');
  const [typed, setTyped] = useState<Typed>({ publicCloud: status.requested?.publicCloud ?? '', hybridCloud: status.requested?.hybridCloud ?? '' });
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const decide = useDecideApplication();
  const parts = checkParts(typed);
  const reasonError = tried && !reason.trim() ? t('applications.reasonNeeded') : undefined;

  const send = () => {
    setTried(true);
    if (!reason.trim() || (choice === 'other' && !parts.ok)) return;
    decide.mutate({
      applicationId: status.applicationId!, approve: choice !== 'reject', reason: reason.trim(),
      ...(choice === 'other' && parts.ok && { publicCloud: parts.publicCloud, hybridCloud: parts.hybridCloud }),
    }, { onSuccess: () => void message.success(t('applications.decide.done')) });
  };

  return (
    <section aria-labelledby="decide-title">
      <h3 id="decide-title" className="section-title">{t('applications.decide.title')}</h3>
      <Form layout="vertical" onFinish={send}>
        <Form.Item label={t('applications.decide.choice')}>
          <Radio.Group
            aria-label={t('applications.decide.choice')} value={choice} onChange={(e) => setChoice(e.target.value as Choice)}
            options={(['asRequested', 'other', 'reject'] as const).map((c) => ({ value: c, label: t(`applications.decide.${c}`) }))}
          />
        </Form.Item>
        {choice === 'other' && <PartsFields id="decide" typed={typed} onChange={setTyped} showErrors={tried} />}
        <Form.Item label={t('applications.reason')} htmlFor="decide-reason" validateStatus={reasonError ? 'error' : undefined} help={reasonError}>
          <Input.TextArea id="decide-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
        <ErrorText error={decide.error} />
        <Button type="primary" danger={choice === 'reject'} htmlType="submit" loading={decide.isPending} style={{ marginTop: 8 }}>
          {t('applications.decide.send')}
        </Button>
      </Form>
    </section>
  );
}
