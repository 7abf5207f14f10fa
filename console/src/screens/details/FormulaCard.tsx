import { Card } from 'antd';
import { Money } from '../../components/Money';
import { sumYuan } from '../../components/money';
import { useI18n, type MessageKey } from '../../i18n';
import type { AccountDetail } from './queries';

type Term = readonly [1 | -1, MessageKey, keyof AccountDetail];

/** DESIGN.md "Books of one member account": the API's `available` is this sum (the ledger's generated column). */
const TERMS: Term[] = [
  [1, 'details.formula.cashBalance', 'cashBalance'],
  [1, 'details.formula.creditLimit', 'creditLimit'],
  [1, 'details.formula.creditRefund', 'creditRefund'],
  [-1, 'details.formula.monthlyUncleared', 'monthlyUncleared'],
  [-1, 'details.formula.historicalUncleared', 'historicalUncleared'],
  [-1, 'details.formula.held', 'held'],
];

/** Every term of the available balance with its sign, and their sum, added up exactly from the API's strings. */
export function FormulaCard({ account }: { account: AccountDetail }) {
  const { t } = useI18n();
  const amount = (field: keyof AccountDetail) => String(account[field] ?? '0');
  const sum = sumYuan(TERMS.map(([sign, , field]) => [sign, amount(field)] as const));
  return (
    <Card title={<h2 className="card-title">{t('details.formula.title')}</h2>}>
      <p className="muted">{t('details.formula.written')}</p>
      <table className="details-formula">
        <caption className="visually-hidden">{t('details.formula.caption')}</caption>
        <thead className="visually-hidden">
          <tr><th scope="col">{t('details.formula.sign')}</th><th scope="col">{t('details.formula.term')}</th><th scope="col">{t('details.amount')}</th></tr>
        </thead>
        <tbody>
          {TERMS.map(([sign, label, field], i) => (
            <tr key={field}>
              <td aria-hidden={i === 0 && sign === 1}>{i === 0 ? '' : sign === 1 ? '+' : '−'}</td>
              <th scope="row">{t(label)}</th>
              <td className="amount"><Money value={amount(field)} /></td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>=</td>
            <th scope="row">{t('details.formula.sum')}</th>
            <td className="amount total"><Money value={sum} /></td>
          </tr>
        </tfoot>
      </table>
    </Card>
  );
}
