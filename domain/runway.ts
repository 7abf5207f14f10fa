/** How long an account's available quota lasts at the rate it consumed over the last 7 days. */
export interface Runway {
  /** Average consumption per day over the last 7 days, fen (rounded down). */
  dailySpend: bigint;
  /**
   * Days the available quota lasts at that rate, with one decimal, rounded down ("0.0" when nothing is
   * available); null when nothing was consumed (an endless runway).
   */
  days: string | null;
}

/**
 * The runway of `available` fen at `spend7d` fen consumed over 7 days. Whole-fen arithmetic throughout; the
 * runway alert's own comparison (available × 7 < days × spend, db/sql/ledger-alerts.sql) is exact in the same way.
 */
export function runwayOf(available: bigint, spend7d: bigint): Runway {
  if (spend7d <= 0n) return { dailySpend: 0n, days: null };
  const tenths = available <= 0n ? 0n : (available * 70n) / spend7d;
  return { dailySpend: spend7d / 7n, days: `${tenths / 10n}.${tenths % 10n}` };
}
