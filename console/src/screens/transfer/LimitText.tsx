import { Alert } from 'antd';
import { formatYuan } from '../../components/money';
import { useI18n, type MessageKey } from '../../i18n';
import type { Preview } from './queries';

/**
 * The maximum and what limits it, in words with the names of both accounts: the terms the ledger's preview
 * returned (the same figures its refusals use), each said in the user's language.
 */
export function LimitText({ preview, fromName, toName }: { preview: Preview; fromName: string; toName: string }) {
  const { t } = useI18n();
  const terms = preview.terms ?? [];
  const amountOf = (term: string) => terms.find((x) => x.term === term)?.amount;
  const held = amountOf('transfer_book_from_source');
  const vars = { from: fromName, to: toName };
  const nothing = preview.maximum === '0.00' && held === '0.00';
  const lines = terms.map((x) => t(`term.${x.term}` as MessageKey, { ...vars, amount: formatYuan(x.amount ?? '0') })
    + (x.limits === false ? ` ${t('term.notSent')}` : ''));
  return (
    <Alert
      type={preview.maximum === '0.00' ? 'warning' : 'info'} role="status"
      title={nothing ? t('limit.nothingHeld', vars) : t('limit.maximum', { amount: formatYuan(preview.maximum ?? '0'), term: t(`term.${preview.limitedBy}` as MessageKey, { ...vars, amount: '' }).trim() })}
      description={<ul className="terms">{lines.map((line) => <li key={line}>{line}</li>)}</ul>}
    />
  );
}
