import type { Knex } from 'knex';
import { decideAlert } from '../domain/alerts';
import { readAlertCandidates, scanPage, type AlertCandidate } from '../db/alerts/candidates';
import { fireAlerts, lockForTransitions, rearmAlerts } from '../db/alerts/transitions';
import { transaction } from '../db/transaction';

export interface AlertCheckResult {
  /** Accounts whose alert fired now (each wrote one 'alert.low_balance' event). */
  fired: number[];
  rearmed: number[];
}

/**
 * Decides each account with `decideAlert` and makes the transitions in one transaction (retried on a
 * deadlock with a concurrent check). The SQL repeats the rule as a guard on the current row, so an account
 * that another check already fired, or whose balance moved since it was read, is left alone: the event path
 * and the scan can both look at a crossing, only one notifies.
 */
export async function checkCandidates(db: Knex, candidates: AlertCandidate[]): Promise<AlertCheckResult> {
  const fire: number[] = [];
  const rearm: number[] = [];
  for (const c of candidates) {
    const { action } = decideAlert(c.setting, c.available);
    if (action === 'fire') fire.push(c.accountId);
    if (action === 'rearm') rearm.push(c.accountId);
  }
  if (fire.length === 0 && rearm.length === 0) return { fired: [], rearmed: [] };
  return transaction(db, async (trx) => {
    // No wait for the WAL flush: a crash may lose the last transitions, but each one is a state change and
    // its outbox event together, so a lost one simply never happened and the next check makes it again —
    // with the same crossing number, hence the same dedupe key, so nothing is ever sent twice.
    await trx.raw('SET LOCAL synchronous_commit = off');
    await lockForTransitions(trx, [...fire, ...rearm]);
    return { fired: await fireAlerts(trx, fire), rearmed: await rearmAlerts(trx, rearm) };
  });
}

/** The event-driven check: these accounts, now. */
export async function checkAccounts(db: Knex, accountIds: number[]): Promise<AlertCheckResult> {
  return checkCandidates(db, await readAlertCandidates(db, accountIds));
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
  lastId: number;
}

/** Transitions found by the scan are applied in groups of about this many: one transaction each, not one per page. */
const SCAN_FLUSH_AT = 1000;

/**
 * The periodic scan: every account, in keyset pages of `batchSize` ids, so each query and the memory held
 * stay bounded however many accounts there are. Catches whatever the event-driven checks missed. A page
 * reads only the accounts that need a transition (see scanPage), not every row.
 */
export async function scanAlerts(db: Knex, options: ScanOptions): Promise<ScanResult> {
  const result: ScanResult = { pages: 0, fired: 0, rearmed: 0, lastId: options.afterId ?? 0 };
  let due: AlertCandidate[] = [];
  const flush = async () => {
    const { fired, rearmed } = await checkCandidates(db, due);
    result.fired += fired.length;
    result.rearmed += rearmed.length;
    due = [];
  };
  for (;;) {
    const page = await scanPage(db, result.lastId, options.batchSize);
    if (page.lastId === null) break;
    due.push(...page.candidates);
    result.pages++;
    result.lastId = page.lastId;
    if (due.length >= SCAN_FLUSH_AT) await flush();
    if (due.length === 0) await options.onPage?.(page.lastId);
  }
  await flush();
  return result;
}
