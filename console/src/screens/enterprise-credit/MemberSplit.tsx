import { Money } from '../../components/Money';
import { formatYuan } from '../../components/money';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { percentText, sharePermille } from './share';

interface Member { id?: number; name?: string; creditLimit?: string }
const COLOURS = ['#1677ff', '#13a8a8', '#722ed1', '#d4380d', '#389e0d', '#c41d7f', '#d48806', '#08979c'];

/**
 * How the total credit quota is split: one stacked bar (each member's limit, then what is left to assign) and
 * the same parts written out, so the figures never depend on reading the bar.
 */
export function MemberSplit({ total, available, members }: { total: string; available: string; members: Member[] }) {
  const { t } = useI18n();
  const { href } = usePlace();
  const parts = [
    ...members.map((m, i) => ({ key: `m${m.id}`, id: m.id, name: m.name ?? `#${m.id}`, amount: m.creditLimit ?? '0', colour: COLOURS[i % COLOURS.length]! })),
    { key: 'free', id: undefined, name: t('enterpriseCredit.unassigned'), amount: available, colour: '#d9d9d9' },
  ].map((p) => ({ ...p, permille: sharePermille(p.amount, total) }));
  const summary = parts.map((p) => `${p.name} ${formatYuan(p.amount)} (${percentText(p.permille)})`).join(', ');
  return (
    <section aria-labelledby="credit-split-title" className="credit-split">
      <h3 id="credit-split-title" className="section-title">{t('enterpriseCredit.split')}</h3>
      {members.length === 0 && <p className="muted">{t('enterpriseCredit.noMembers')}</p>}
      <div className="credit-split-bar" role="img" aria-label={`${t('enterpriseCredit.split')}: ${summary}`}>
        {parts.filter((p) => p.permille > 0).map((p) => (
          <span key={p.key} style={{ width: `${p.permille / 10}%`, background: p.colour }} />
        ))}
      </div>
      <ul className="credit-split-list">
        {parts.map((p) => (
          <li key={p.key}>
            <span className="swatch" aria-hidden style={{ background: p.colour }} />
            <span className="name">{p.id === undefined ? p.name : <a href={href({ screen: 'account', accountId: p.id })}>{p.name}</a>}</span>
            <Money value={p.amount} />
            <span className="muted share">{percentText(p.permille)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
