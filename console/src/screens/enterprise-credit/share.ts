/**
 * How wide a part's bar is drawn: its share of the whole, in tenths of a percent, worked out on the digits of
 * the API's decimal strings (integer fen), never on a float of the amount. Display only: every figure shown
 * as text is the API's own string.
 */
const fen = (yuan: string): bigint => {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(yuan);
  return m ? BigInt(`${m[1]}${m[2]}${(m[3] ?? '').padEnd(2, '0')}`) : 0n;
};

export function sharePermille(part: string, whole: string): number {
  const w = fen(whole);
  const p = fen(part);
  if (w <= 0n || p <= 0n) return 0;
  return Number(p >= w ? 1000n : (p * 1000n) / w);
}

/** "12.5%" for 125 permille. */
export const percentText = (permille: number): string => `${Math.floor(permille / 10)}.${permille % 10}%`;
