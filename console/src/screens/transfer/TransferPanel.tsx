import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Form, Input, Radio, Space, Steps } from 'antd';
import { useId, useState } from 'react';
import { AccountPicker, type PickedAccount } from '../../components/AccountPicker';
import { ErrorText } from '../../components/ErrorText';
import { addYuan, compareYuan, formatYuan, subtractYuan, toAmount } from '../../components/money';
import { useIsPhone } from '../../components/useIsPhone';
import { useI18n } from '../../i18n';
import { useRefreshFigures, type Account } from '../accounts/queries';
import { LimitText } from './LimitText';
import { Progress } from './Progress';
import { pair, startMovement, usePreview, type Kind } from './queries';

/**
 * Operations → Transfer: Transfer (this account's own cash to another) or Withdraw (take back from another
 * what this account sent it). The maximum and what limits it show as soon as both accounts are known; a
 * review step (from, to, amount, figures after) comes before anything moves; then live progress.
 */
export function TransferPanel({ account, enterpriseId, onClose }: { account: Account; enterpriseId: number; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const titleId = useId();
  const refresh = useRefreshFigures();
  const [kind, setKind] = useState<Kind>('transfer');
  const [other, setOther] = useState<PickedAccount>();
  const [typed, setTyped] = useState('');
  const [touched, setTouched] = useState(false);
  const [step, setStep] = useState(0);
  const [requestId, setRequestId] = useState<string>();

  const amount = toAmount(typed);
  const ids = other ? pair(kind, account.id, other.id) : undefined;
  const names = other ? (kind === 'transfer' ? { from: account.name, to: other.name } : { from: other.name, to: account.name }) : undefined;
  const limit = usePreview(kind, ids?.from, ids?.to, undefined);
  const verdict = usePreview(kind, ids?.from, ids?.to, amount.ok && step > 0 ? amount.value : undefined);
  const over = amount.ok && limit.data?.maximum !== undefined && compareYuan(amount.value, limit.data.maximum) > 0;
  const fieldError = touched && !amount.ok ? t(`amount.${amount.problem}`) : over ? t('transfer.overMaximum', { amount: formatYuan(limit.data!.maximum!) }) : undefined;

  const start = useMutation({
    mutationFn: () => startMovement(kind, { fromAccountId: ids!.from, toAccountId: ids!.to, amount: (amount as { value: string }).value }, crypto.randomUUID()),
    onSuccess: async (started) => {
      setRequestId(started.requestId);
      setStep(2);
      await refresh();
    },
  });

  const review = () => {
    setTouched(true);
    if (other && amount.ok && !over) setStep(1);
  };

  const fromAcc = other && (kind === 'transfer' ? account : other);
  const toAcc = other && (kind === 'transfer' ? other : account);

  return (
    <Drawer
      open onClose={onClose} size={phone ? '100%' : 520} aria-labelledby={titleId}
      title={<span id={titleId}>{t('transfer.title')} · {account.name}</span>}
    >
      <Steps size="small" current={step} style={{ marginBottom: 16 }}
        items={[{ title: t('transfer.stepDetails') }, { title: t('transfer.stepReview') }, { title: t('transfer.stepProgress') }]} />
      {step === 0 && (
        <Form layout="vertical" onFinish={review}>
          <Form.Item label={t('transfer.type')}>
            <Radio.Group
              aria-label={t('transfer.type')} value={kind} optionType="button"
              onChange={(e) => { setKind(e.target.value as Kind); setTouched(false); }}
              options={[{ value: 'transfer', label: t('transfer.typeTransfer') }, { value: 'withdrawal', label: t('transfer.typeWithdraw') }]}
            />
          </Form.Item>
          <Form.Item label={t(kind === 'transfer' ? 'transfer.to' : 'transfer.withdrawFrom')} htmlFor="transfer-other">
            <AccountPicker id="transfer-other" label={t(kind === 'transfer' ? 'transfer.to' : 'transfer.withdrawFrom')}
              enterpriseId={enterpriseId} exclude={account.id} value={other} onChange={setOther} />
          </Form.Item>
          {limit.data && names && <LimitText preview={limit.data} fromName={names.from} toName={names.to} />}
          <ErrorText error={limit.error} />
          <Form.Item label={t('transfer.amount')} htmlFor="transfer-amount" validateStatus={fieldError ? 'error' : undefined} help={fieldError} style={{ marginTop: 16 }}>
            <Input id="transfer-amount" inputMode="decimal" prefix="¥" value={typed} onChange={(e) => setTyped(e.target.value)} onBlur={() => setTouched(true)} />
          </Form.Item>
          <Space>
            <Button onClick={onClose}>{t('alertDrawer.cancel')}</Button>
            <Button type="primary" htmlType="submit" disabled={!other}>{t('transfer.review')}</Button>
          </Space>
        </Form>
      )}
      {step === 1 && fromAcc && toAcc && amount.ok && (
        <div>
          <Descriptions column={1} bordered size="small" items={[
            { key: 'type', label: t('transfer.type'), children: t(kind === 'transfer' ? 'transfer.typeTransfer' : 'transfer.typeWithdraw') },
            { key: 'from', label: t('transfer.from'), children: <>{fromAcc.name}<br /><span className="muted">{t('transfer.after', { available: formatYuan(subtractYuan(fromAcc.available, amount.value)) })}</span></> },
            { key: 'to', label: t('transfer.toLabel'), children: <>{toAcc.name}<br /><span className="muted">{t('transfer.after', { available: formatYuan(addYuan(toAcc.available, amount.value)) })}</span></> },
            { key: 'amount', label: t('transfer.amount'), children: <span className="money">{formatYuan(amount.value)}</span> },
          ]} />
          {verdict.data?.approval?.required && (
            <Alert style={{ marginTop: 12 }} type="warning" showIcon role="status"
              title={t('transfer.approvalNotice', { threshold: formatYuan(verdict.data.approval.threshold ?? '0') })} />
          )}
          <ErrorText error={start.error ?? verdict.error} />
          <Space style={{ marginTop: 16 }}>
            <Button onClick={() => setStep(0)}>{t('transfer.back')}</Button>
            <Button type="primary" loading={start.isPending} disabled={verdict.data?.allowed === false} onClick={() => start.mutate()}>{t('transfer.confirm')}</Button>
          </Space>
        </div>
      )}
      {step === 2 && requestId && names && (
        <>
          <Progress kind={kind} requestId={requestId} names={names} />
          <Button style={{ marginTop: 16 }} onClick={onClose}>{t('transfer.close')}</Button>
        </>
      )}
    </Drawer>
  );
}
