import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { useI18n } from '../../i18n';
import { useSession } from '../../session/session';

/** Paste a token, Enter submits. A refused token (now or one that ended the last session) says why. */
export function SignIn() {
  const { t } = useI18n();
  const session = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ token }: { token: string }) => {
    setBusy(true);
    setError(null);
    try {
      await session.signIn(token.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <Card title={<h1 className="card-title">{t('signIn.title')}</h1>}>
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="token" label={t('signIn.token')} extra={t('signIn.hint')} rules={[{ required: true, message: t('signIn.hint') }]}>
            <Input.Password autoFocus autoComplete="off" />
          </Form.Item>
          <ErrorText error={error ?? session.ended} />
          <Button type="primary" htmlType="submit" loading={busy} block>{t('signIn.submit')}</Button>
        </Form>
      </Card>
    </main>
  );
}
