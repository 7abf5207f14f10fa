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

/** The runway alert's days as typed: empty turns it off (null); else a whole number of days, 1 to 365 (the API's range). */
export function runwayDaysOf(typed: string): { ok: true; value: number | null } | { ok: false } {
  const text = typed.trim();
  if (text === '') return { ok: true, value: null };
  if (!/^\d{1,3}$/.test(text)) return { ok: false };
  const days = Number(text);
  return days >= 1 && days <= 365 ? { ok: true, value: days } : { ok: false };
}

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
  const [recovered, setRecovered] = useState(batch ? false : first.alertRecovered);
  const [runway, setRunway] = useState(batch || first.alertRunwayDays === null ? '' : String(first.alertRunwayDays));
  const [touched, setTouched] = useState(false);
  const amount = toAmount(threshold, { allowZero: true });
  const days = runwayDaysOf(runway);
  const fieldError = touched && !amount.ok ? t(`amount.${amount.problem}`) : undefined;
  const runwayError = touched && !days.ok ? t('alertDrawer.runwayInvalid') : undefined;
  const submit = () => { setTouched(true); if (amount.ok && days.ok) save.mutate(); };

  const save = useMutation({
    mutationFn: async () => {
      if (!amount.ok || !days.ok) throw new Error('unreachable: the form checks the fields first');
      const body = { threshold: amount.value, enabled, recovered, runwayDays: days.value };
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
          <Button type="primary" loading={save.isPending} onClick={submit}>{t('alertDrawer.save')}</Button>
        </Space>
      )}
    >
      <p>{t('alertDrawer.accounts', { names: accounts.map((a) => a.name).join(', ') })}</p>
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t('alertDrawer.threshold')} htmlFor="alert-threshold" validateStatus={fieldError ? 'error' : undefined} help={fieldError}>
          <Input id="alert-threshold" inputMode="decimal" prefix="¥" value={threshold} onChange={(e) => setThreshold(e.target.value)} onBlur={() => setTouched(true)} />
        </Form.Item>
        <Form.Item label={t('alertDrawer.enabled')} htmlFor="alert-enabled">
          <Switch id="alert-enabled" checked={enabled} onChange={setEnabled} />
        </Form.Item>
        <Form.Item label={t('alertDrawer.recovered')} htmlFor="alert-recovered">
          <Switch id="alert-recovered" checked={recovered} onChange={setRecovered} />
        </Form.Item>
        <Form.Item
          label={t('alertDrawer.runway')} htmlFor="alert-runway" extra={t('alertDrawer.runwayHelp')}
          validateStatus={runwayError ? 'error' : undefined} help={runwayError}
        >
          <Input id="alert-runway" inputMode="numeric" suffix={t('alertDrawer.days')} value={runway} onChange={(e) => setRunway(e.target.value)} onBlur={() => setTouched(true)} />
        </Form.Item>
        <ErrorText error={save.error} />
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
