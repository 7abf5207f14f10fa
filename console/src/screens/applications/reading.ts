/** What the polling needs of an application's status (GET /credit-applications/{id}). */
export interface Waiting {
  stage?: string;
  deadlines?: { review?: string | null; contract?: string | null; nextReminder?: string | null };
}

const MINUTE = 60_000;

/**
 * When to read an application again: every second while its limit is being put in force; while it waits, just
 * after its next deadline (a reminder, a lapse, an expiry), and at least every minute (someone else may act).
 */
export function nextReadIn(s: Waiting | undefined, now = Date.now()): number | false {
  if (s?.stage === 'taking_effect') return 1000;
  if (s?.stage !== 'awaiting_review' && s?.stage !== 'awaiting_contract') return false;
  const due = [s.deadlines?.nextReminder, s.deadlines?.contract, s.deadlines?.review].filter((d): d is string => !!d).map(Date.parse);
  return due.length === 0 ? MINUTE : Math.min(Math.max(Math.min(...due) - now + 1000, 1000), MINUTE);
}
