/**
 * Money in the console stays a decimal string from the API to the screen: these helpers work on the
 * digits as text, never through a JS number (a float would lose fen).
 */

/** Groups the whole part in threes: "1234567" → "1,234,567". */
const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** An API amount ("12345.6", "-3.00", "7") as the screen shows it: "¥12,345.60", "-¥3.00", "¥7.00". */
export function formatYuan(amount: string): string {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) return amount;
  const [, sign, whole = '0', frac = ''] = match;
  return `${sign}¥${group(whole)}.${frac.padEnd(2, '0')}`;
}

export type AmountProblem = 'empty' | 'format' | 'places' | 'negative' | 'zero' | 'tooLarge';
export type Amount = { ok: true; value: string } | { ok: false; problem: AmountProblem };

/** 10^15 yuan: the API refuses that and above (domain/money.ts MAX_YUAN). */
const MAX_WHOLE_DIGITS = 15;

/**
 * What a person typed ("1,000.50", "¥1000", " 1000 ", "1000.5") as the API's strict decimal string
 * ("1000.50"), or why it cannot be an amount. Commas must group thousands; at most two decimal places.
 */
export function toAmount(typed: string, options: { allowZero?: boolean } = {}): Amount {
  const text = typed.trim().replace(/^[¥￥]\s*/, '');
  if (text === '') return { ok: false, problem: 'empty' };
  if (text.startsWith('-')) return { ok: false, problem: 'negative' };
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/.exec(text);
  if (!match || (match[1] === undefined && !match[2])) return { ok: false, problem: 'format' };
  const frac = match[2] ?? '';
  if (frac.length > 2) return { ok: false, problem: 'places' };
  const whole = (match[1] ?? '0').replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (whole.length > MAX_WHOLE_DIGITS) return { ok: false, problem: 'tooLarge' };
  if (!options.allowZero && /^0*$/.test(whole + frac)) return { ok: false, problem: 'zero' };
  return { ok: true, value: `${whole}.${frac.padEnd(2, '0')}` };
}

const toFen = (s: string): bigint => {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new Error(`not an amount: ${s}`);
  return BigInt(`${m[1]}${m[2]}${(m[3] ?? '').padEnd(2, '0')}`);
};

const fromFen = (fen: bigint): string => {
  const abs = fen < 0n ? -fen : fen;
  return `${fen < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};

/** a + b of two API amounts, exactly (in integer fen): the "figures after" of a review. */
export const addYuan = (a: string, b: string): string => fromFen(toFen(a) + toFen(b));
export const subtractYuan = (a: string, b: string): string => fromFen(toFen(a) - toFen(b));

/** Compares two API amounts as decimals, by their digits: -1, 0 or 1. */
export function compareYuan(a: string, b: string): number {
  const [x, y] = [toFen(a), toFen(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The signed sum of API amounts, exactly (in integer fen): `[[1, "10.00"], [-1, "2.50"]]` → "7.50". The
 * details screen adds up the terms of the available-balance formula with it.
 */
export const sumYuan = (terms: Array<readonly [1 | -1, string]>): string =>
  fromFen(terms.reduce((total, [sign, amount]) => total + BigInt(sign) * toFen(amount), 0n));
