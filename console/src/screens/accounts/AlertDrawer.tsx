import { useMutation } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Space, Switch } from 'antd';
import { useId, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { toAmount } from '../../components/money';
import { useI18n } from '../../i18n';
import { useIsPhone } from '../../components/useIsPhone';
import type { Account } from './queries';
import { noteAlertChange, useRefreshFigures } from './queries';

/**
 * "Set Alert Threshold for Available Credit" for one account, or "Batch Set Alert Threshold" for the
 * selected ones: one request either way, so all of them change or none does.
 */
export function AlertDrawer({ accounts, onClose, onSaved }: { accounts: Account[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const phone = useIsPhone();
  const refresh = useRefreshFigures();
  const titleId = useId();
  const first = accounts[0]!;
  const batch = accounts.length > 1;
  const [threshold, setThreshold] = useState(batch ? '' : (first.alertThreshold ?? ''));
  // Setting a threshold usually means "watch it": on, unless this account's alert was set and turned off.
  const [enabled, setEnabled] = useState(batch || first.alertThreshold === null ? true : first.alertEnabled);
  const [touched, setTouched] = useState(false);
  const amount = toAmount(threshold, { allowZero: true });
  const fieldError = touched && !amount.ok ? t(`amount.${amount.problem}`) : undefined;

  const save = useMutation({
    mutationFn: async () => {
      if (!amount.ok) throw new Error('unreachable: the form checks the amount first');
      const body = { threshold: amount.value, enabled };
      return batch
        ? unwrap(api.POST('/alerts/batch', { body: { ...body, accountIds: accounts.map((a) => a.id) } }))
        : unwrap(api.PUT('/accounts/{accountId}/alert', { params: { path: { accountId: first.id } }, body }));
    },
    onSuccess: async () => {
      noteAlertChange();
      await refresh();
      void message.success(t('alertDrawer.saved', { count: accounts.length }));
      onSaved();
      onClose();
    },
  });

  return (
    <Drawer
      open onClose={onClose} size={phone ? '100%' : 440} aria-labelledby={titleId}
      title={<span id={titleId}>{t(batch ? 'alertDrawer.batchTitle' : 'alertDrawer.title')}</span>}
      footer={(
        <Space>
          <Button onClick={onClose}>{t('alertDrawer.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => { setTouched(true); if (amount.ok) save.mutate(); }}>{t('alertDrawer.save')}</Button>
        </Space>
      )}
    >
      <p>{t('alertDrawer.accounts', { names: accounts.map((a) => a.name).join(', ') })}</p>
      <Form layout="vertical" onFinish={() => { setTouched(true); if (amount.ok) save.mutate(); }}>
        <Form.Item label={t('alertDrawer.threshold')} htmlFor="alert-threshold" validateStatus={fieldError ? 'error' : undefined} help={fieldError}>
          <Input id="alert-threshold" inputMode="decimal" prefix="¥" value={threshold} onChange={(e) => setThreshold(e.target.value)} onBlur={() => setTouched(true)} />
        </Form.Item>
        <Form.Item label={t('alertDrawer.enabled')} htmlFor="alert-enabled">
          <Switch id="alert-enabled" checked={enabled} onChange={setEnabled} />
        </Form.Item>
        <ErrorText error={save.error} />
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
