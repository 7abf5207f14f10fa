import { Form, Input, Tag } from 'antd';
import { addYuan, compareYuan, formatYuan, toAmount, type AmountProblem } from '../../components/money';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import type { Parts } from './queries';

/** "¥1,500.00 (public cloud ¥1,000.00 + hybrid cloud ¥500.00)" */
export const partsText = (t: Translate, p: Parts | null | undefined): string => (p
  ? t('applications.parts', { total: formatYuan(p.total!), publicCloud: formatYuan(p.publicCloud!), hybridCloud: formatYuan(p.hybridCloud!) })
  : '—');

export const sameParts = (a: Parts, b: Parts): boolean => a.publicCloud === b.publicCloud && a.hybridCloud === b.hybridCloud;

export interface Typed { publicCloud: string; hybridCloud: string }
type Checked = { ok: true; publicCloud: string; hybridCloud: string; total: string } | { ok: false; publicCloud?: AmountProblem; hybridCloud?: AmountProblem; total?: true };

/** The two parts as typed (an empty part is zero) as the API's strings, or what is wrong with them. */
export function checkParts(typed: Typed): Checked {
  const read = (text: string) => (text.trim() === '' ? { ok: true as const, value: '0.00' } : toAmount(text, { allowZero: true }));
  const [pub, hyb] = [read(typed.publicCloud), read(typed.hybridCloud)];
  if (!pub.ok || !hyb.ok) return { ok: false, ...(!pub.ok && { publicCloud: pub.problem }), ...(!hyb.ok && { hybridCloud: hyb.problem }) };
  const total = addYuan(pub.value, hyb.value);
  if (compareYuan(total, '0') <= 0) return { ok: false, total: true };
  return { ok: true, publicCloud: pub.value, hybridCloud: hyb.value, total };
}

/** The public and hybrid cloud amounts, and their total as it would be. */
export function PartsFields({ id, typed, onChange, showErrors }: { id: string; typed: Typed; onChange(next: Typed): void; showErrors: boolean }) {
  const { t } = useI18n();
  const checked = checkParts(typed);
  const problem = (field: keyof Typed) => (showErrors && !checked.ok && checked[field] ? t(`amount.${checked[field]}` as MessageKey) : undefined);
  const field = (name: keyof Typed, label: MessageKey) => (
    <Form.Item label={t(label)} htmlFor={`${id}-${name}`} validateStatus={problem(name) ? 'error' : undefined} help={problem(name)}>
      <Input id={`${id}-${name}`} inputMode="decimal" prefix="¥" value={typed[name]} onChange={(e) => onChange({ ...typed, [name]: e.target.value })} />
    </Form.Item>
  );
  return (
    <>
      <div className="parts-fields">
        {field('publicCloud', 'applications.publicCloud')}
        {field('hybridCloud', 'applications.hybridCloud')}
      </div>
      <p aria-live="polite">
        {checked.ok && <Tag>{t('applications.totalOf', { amount: formatYuan(checked.total) })}</Tag>}
        {showErrors && !checked.ok && checked.total && <span className="error-text">{t('applications.totalZero')}</span>}
      </p>
    </>
  );
}
