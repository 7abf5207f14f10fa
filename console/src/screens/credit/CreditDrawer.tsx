import { Alert, App, Button, Checkbox, Descriptions, Drawer, Form, Input, Radio, Space } from 'antd';
import { useId, useState } from 'react';
import { AccountPicker, type PickedAccount } from '../../components/AccountPicker';
import { ErrorText } from '../../components/ErrorText';
import { formatYuan, toAmount } from '../../components/money';
import { useIsPhone } from '../../components/useIsPhone';
import { useI18n } from '../../i18n';
import { useEnterpriseTotals, type Account } from '../accounts/queries';
import { useCreditPreview, useSaveCredit, type Mode } from './queries';

/**
 * Credit Quota Settings: the enterprise's quota and this member's limit; change the limit to a new figure or
 * move some of it to another member. Lowering it so far that the account would stop is refused unless the
 * admin explicitly accepts that, after being told.
 */
export function CreditDrawer({ account, enterpriseId, onClose }: { account: Account; enterpriseId: number; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const phone = useIsPhone();
  const titleId = useId();
  const totals = useEnterpriseTotals(enterpriseId);
  const [mode, setMode] = useState<Mode>('change');
  const [other, setOther] = useState<PickedAccount>();
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [acceptStop, setAcceptStop] = useState(false);
  const [touched, setTouched] = useState(false);
  const amount = toAmount(typed, { allowZero: mode === 'change' });
  const request = amount.ok ? { mode, accountId: account.id, otherId: other?.id, amount: amount.value, acceptStop } : undefined;
  const preview = useCreditPreview(request);
  const wouldStop = preview.data?.limitedBy === 'would_stop' && preview.data.allowed === false;
  const save = useSaveCredit(() => {
    void message.success(t('credit.saved'));
    onClose();
  });
  const amountError = touched && !amount.ok ? t(`amount.${amount.problem}`) : undefined;
  const reasonError = touched && reason.trim() === '' ? t('credit.reasonNeeded') : undefined;

  const submit = () => {
    setTouched(true);
    if (request && reason.trim() && (mode === 'change' || other)) save.mutate({ ...request, reason: reason.trim() });
  };
  const credit = totals.data?.credit;

  return (
    <Drawer open onClose={onClose} size={phone ? '100%' : 520} aria-labelledby={titleId} title={<span id={titleId}>{t('credit.title')}</span>}>
      <Descriptions column={1} size="small" bordered items={[
        { key: 'total', label: t('credit.total'), children: credit && <span className="money">{formatYuan(credit.total!)} ({t('credit.parts', { public: formatYuan(credit.publicCloud!), hybrid: formatYuan(credit.hybridCloud!) })})</span> },
        { key: 'assigned', label: t('credit.assigned'), children: credit && <span className="money">{formatYuan(credit.assigned!)}</span> },
        { key: 'available', label: t('credit.available'), children: credit && <span className="money">{formatYuan(credit.available!)}</span> },
        { key: 'assignee', label: t('credit.assignee'), children: account.name },
        { key: 'current', label: t('credit.current'), children: <span className="money">{formatYuan(account.creditLimit)}</span> },
      ]} />
      <Form layout="vertical" onFinish={submit} style={{ marginTop: 16 }}>
        <Form.Item label={t('credit.mode')}>
          <Radio.Group aria-label={t('credit.mode')} value={mode} optionType="button" onChange={(e) => { setMode(e.target.value as Mode); setAcceptStop(false); }}
            options={[{ value: 'change', label: t('credit.modeChange') }, { value: 'move', label: t('credit.modeMove') }]} />
        </Form.Item>
        {mode === 'move' && (
          <Form.Item label={t('credit.moveTo')} htmlFor="credit-other">
            <AccountPicker id="credit-other" label={t('credit.moveTo')} enterpriseId={enterpriseId} exclude={account.id} value={other} onChange={setOther} />
          </Form.Item>
        )}
        <Form.Item label={t(mode === 'change' ? 'credit.changeTo' : 'credit.moveAmount')} htmlFor="credit-amount" validateStatus={amountError ? 'error' : undefined} help={amountError}>
          <Input id="credit-amount" inputMode="decimal" prefix="¥" value={typed} onChange={(e) => setTyped(e.target.value)} onBlur={() => setTouched(true)} />
        </Form.Item>
        <Form.Item label={t('credit.reason')} htmlFor="credit-reason" validateStatus={reasonError ? 'error' : undefined} help={reasonError}>
          <Input.TextArea id="credit-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
        {preview.data && preview.data.allowed === false && !wouldStop && (
          <Alert type="error" role="alert" showIcon title={t('credit.overMaximum', { amount: formatYuan(preview.data.maximum ?? '0') })} />
        )}
        {(wouldStop || acceptStop) && (
          <Alert type="warning" role="alert" showIcon title={t('credit.wouldStop', { name: account.name })}
            description={<Checkbox checked={acceptStop} onChange={(e) => setAcceptStop(e.target.checked)}>{t('credit.acceptStop', { name: account.name })}</Checkbox>} />
        )}
        <ErrorText error={save.error ?? preview.error} />
        <Space style={{ marginTop: 16 }}>
          <Button onClick={onClose}>{t('alertDrawer.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={preview.data?.allowed === false}>{t('alertDrawer.save')}</Button>
        </Space>
      </Form>
    </Drawer>
  );
}
