import { formatYuan } from './money';

/** An amount from the API, formatted by string operations, tabular and right-aligned by its column. */
export function Money({ value }: { value: string | null | undefined }) {
  return <span className="money">{value == null ? '—' : formatYuan(value)}</span>;
}
