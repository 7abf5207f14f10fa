/** Billing months are calendar months in China Standard Time (UTC+8, no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000;

/** "YYYY-MM" of the billing month containing `at`. */
export function billingPeriod(at: Date): string {
  const cst = new Date(at.getTime() + CST_OFFSET_MS);
  return `${cst.getUTCFullYear()}-${String(cst.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** "YYYY-MM" of the month before the one containing `at`: what a close run at the start of a month closes. */
export function previousBillingPeriod(at: Date): string {
  const cst = new Date(at.getTime() + CST_OFFSET_MS);
  const firstOfMonth = Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth(), 1);
  return billingPeriod(new Date(firstOfMonth - CST_OFFSET_MS - 1));
}
