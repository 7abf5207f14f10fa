import { UamError } from '../core/errors';

/** Amounts are integer fen. 10^15 yuan is far beyond any real balance and far inside Postgres bigint. */
export const MAX_YUAN = 10n ** 15n;
export const MAX_FEN = MAX_YUAN * 100n;

/** A plain decimal: an optional minus, no leading zeros, at most two places; nothing around it. */
const DECIMAL = /^(-?)(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

export interface ParseOptions {
  /** Allow zero (thresholds may be 0; amounts that move money may not). */
  allowZero?: boolean;
  /** Allow negative values (never for amounts a user enters to move money). */
  allowNegative?: boolean;
  /** Field name used in the error, so the API can say which input was wrong. */
  field?: string;
}

/**
 * Parses a yuan amount given as a decimal string with at most two places ("1234.56") into fen.
 * Rejects exponents, more places, empty strings, leading zeros ("0100"), white space or any other character around
 * the digits (" 100", "100\n", a non-breaking space, "+100"), numbers (JS floats lose fen), and anything of 10^15 yuan or more.
 */
export function parseYuan(input: unknown, options: ParseOptions = {}): bigint {
  const field = options.field ?? 'amount';
  const bad = (why: string): UamError =>
    new UamError('INVALID_AMOUNT', `${field}: ${why}`, { field, value: typeof input === 'string' ? input : String(input) });
  if (typeof input !== 'string') throw bad('must be a decimal string such as "1234.56"');
  const match = DECIMAL.exec(input);
  if (!match) throw bad('must be a decimal number with at most 2 decimal places, such as "1234.56"');
  const [, sign, whole = '0', frac = ''] = match;
  const fen = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
  const value = sign === '-' ? -fen : fen;
  if (fen >= MAX_FEN) throw bad(`must be below ${MAX_YUAN.toString()} yuan`);
  if (sign === '-' && (value === 0n || !options.allowNegative)) throw bad('must not be negative');
  if (value === 0n && !options.allowZero) throw bad('must be greater than zero');
  return value;
}

/** Formats fen as a yuan decimal string with exactly two places: 12345n → "123.45". */
export function formatYuan(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole.toString()}.${frac}`;
}
