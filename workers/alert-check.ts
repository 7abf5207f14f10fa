import type { Knex } from 'knex';
import { decideAlert } from '../domain/alerts';
import { readAlertCandidates, scanPage, type AlertCandidate } from '../db/alerts/candidates';
import { fireAlerts, rearmAlerts } from '../db/alerts/transitions';

export interface AlertCheckResult {
  /** Accounts whose alert fired now (each wrote one 'alert.low_balance' event). */
  fired: number[];
  rearmed: number[];
}

/**
 * Decides each account with `decideAlert` and makes the transitions. The SQL repeats the rule as a guard on
 * the current row, so an account that another check already fired, or whose balance moved since it was
 * read, is left alone: the event path and the scan can both look at a crossing, only one notifies.
 */
export async function checkCandidates(db: Knex, candidates: AlertCandidate[]): Promise<AlertCheckResult> {
  const fire: number[] = [];
  const rearm: number[] = [];
  for (const c of candidates) {
    const { action } = decideAlert(c.setting, c.available);
    if (action === 'fire') fire.push(c.accountId);
    if (action === 'rearm') rearm.push(c.accountId);
  }
  return { fired: await fireAlerts(db, fire), rearmed: await rearmAlerts(db, rearm) };
}

/** The event-driven check: these accounts, now. */
export async function checkAccounts(db: Knex, accountIds: number[]): Promise<AlertCheckResult> {
  return checkCandidates(db, await readAlertCandidates(db, accountIds));
}

export interface ScanOptions {
  batchSize: number;
  /** Resume after this account id (a retried scan job continues where it stopped). */
  afterId?: number;
  /** Called after each page with the last account id done. */
  onPage?: (lastId: number) => Promise<unknown>;
}

export interface ScanResult {
  accounts: number;
  pages: number;
  fired: number;
  rearmed: number;
  lastId: number;
}

/**
 * The periodic scan: every account, in keyset pages of `batchSize` ids, so memory and each query stay
 * bounded however many accounts there are. Catches whatever the event-driven checks missed.
 */
export async function scanAlerts(db: Knex, options: ScanOptions): Promise<ScanResult> {
  const result: ScanResult = { accounts: 0, pages: 0, fired: 0, rearmed: 0, lastId: options.afterId ?? 0 };
  for (;;) {
    const page = await scanPage(db, result.lastId, options.batchSize);
    if (page.lastId === null) return result;
    const { fired, rearmed } = await checkCandidates(db, page.candidates);
    result.accounts += page.size;
    result.pages++;
    result.fired += fired.length;
    result.rearmed += rearmed.length;
    result.lastId = page.lastId;
    await options.onPage?.(page.lastId);
  }
}
