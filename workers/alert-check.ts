import type { Knex } from 'knex';
import { scanPage } from '../db/alerts/candidates';
import { applyAlertTransitions, type Transitions } from '../db/alerts/transitions';
import { transaction } from '../db/transaction';

export type AlertCheckResult = Transitions;

/**
 * Checks these accounts now, in one transaction (retried on a deadlock with a concurrent check). Postings
 * decide their own crossings; this is for what happens beside them — a changed threshold, the periodic scan
 * catching anything missed — and finds nothing to do for a crossing a posting or another check already made.
 */
export async function checkAccounts(db: Knex, accountIds: number[]): Promise<AlertCheckResult> {
  if (accountIds.length === 0) return { fired: [], rearmed: [], runwayFired: [] };
  return transaction(db, async (trx) => {
    // No wait for the WAL flush: a crash may lose the last transitions, but each one is a state change and
    // its outbox event together, so a lost one simply never happened and the next check makes it again —
    // with the same crossing number, hence the same dedupe key, so nothing is ever sent twice.
    await trx.raw('SET LOCAL synchronous_commit = off');
    return applyAlertTransitions(trx, [...new Set(accountIds)].sort((a, b) => a - b));
  });
}

export interface ScanOptions {
  batchSize: number;
  /** Resume after this account id (a retried scan job continues where it stopped). */
  afterId?: number;
  /** Called with the last account id whose page is fully done (its transitions committed). */
  onPage?: (lastId: number) => Promise<unknown>;
}

export interface ScanResult {
  pages: number;
  fired: number;
  rearmed: number;
  runwayFired: number;
  lastId: number;
}

/** Transitions found by the scan are applied in groups of about this many: one transaction each, not one per page. */
const SCAN_FLUSH_AT = 1000;

/**
 * The periodic scan: every account, in keyset pages of `batchSize` ids, so each query and the memory held
 * stay bounded however many accounts there are. Catches whatever the postings and event-driven checks missed,
 * and judges every runway alert (a runway shrinks with time, not only with postings). A page reads only the
 * accounts that may need a transition (see scanPage), not every row.
 */
export async function scanAlerts(db: Knex, options: ScanOptions): Promise<ScanResult> {
  const result: ScanResult = { pages: 0, fired: 0, rearmed: 0, runwayFired: 0, lastId: options.afterId ?? 0 };
  let due: number[] = [];
  const flush = async () => {
    const { fired, rearmed, runwayFired } = await checkAccounts(db, due);
    result.fired += fired.length;
    result.rearmed += rearmed.length;
    result.runwayFired += runwayFired.length;
    due = [];
  };
  for (;;) {
    const page = await scanPage(db, result.lastId, options.batchSize);
    if (page.lastId === null) break;
    due.push(...page.candidates.map((c) => c.accountId));
    result.pages++;
    result.lastId = page.lastId;
    if (due.length >= SCAN_FLUSH_AT) await flush();
    if (due.length === 0) await options.onPage?.(page.lastId);
  }
  await flush();
  return result;
}
