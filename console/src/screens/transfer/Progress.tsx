import { Alert } from 'antd';
import { useEffect } from 'react';
import { ApiError } from '../../api/client';
import { describeError } from '../../components/ErrorText';
import { formatYuan } from '../../components/money';
import { useI18n, type MessageKey } from '../../i18n';
import { useRefreshFigures } from '../accounts/queries';
import { useMovement, type Kind } from './queries';

/** A started movement, followed live until it is done, failed, or (still followed) waiting for approval. */
export function Progress({ kind, requestId, names }: { kind: Kind; requestId: string; names: { from: string; to: string } }) {
  const { t } = useI18n();
  const refresh = useRefreshFigures();
  const movement = useMovement(kind, requestId);
  const stage = movement.data?.stage;
  useEffect(() => {
    if (stage === 'completed' || stage === 'failed' || stage === 'awaiting_approval') void refresh();
  }, [stage, refresh]);
  if (!movement.data) return null;
  const m = movement.data;
  const failure = m.error ? describeError(new ApiError(422, m.error.code ?? 'INTERNAL', m.error.message ?? '', {}), t) : '';
  const text = stage === 'completed'
    ? t('stage.completed', { amount: formatYuan(m.amount ?? '0'), ...names })
    : stage === 'failed' ? t('stage.failed', { reason: failure }) : t(`stage.${stage}` as MessageKey);
  return (
    <Alert
      role="status" aria-live="polite" showIcon title={text}
      type={stage === 'completed' ? 'success' : stage === 'failed' ? 'error' : stage === 'awaiting_approval' ? 'warning' : 'info'}
    />
  );
}
