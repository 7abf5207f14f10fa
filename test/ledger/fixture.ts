import { randomUUID } from 'node:crypto';
import { beforeEach } from 'vitest';
import { createDb, type Db } from '../../db/connection';
import { createTestEnterprise, type TestEnterprise } from '../support/enterprise';

/** A Knex pool on the test database that the vitest global setup migrated. */
export function ledgerTestDb(poolMax = 10): Db {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through vitest (global setup provisions it)');
  return createDb({ databaseUrl: url, databasePoolMax: poolMax });
}

export const key = (label = 'op'): string => `${label}-${randomUUID()}`;

export type Enterprise = TestEnterprise;

/** A fresh enterprise with its MA account and `members` member accounts (test/support's helper). */
export const makeEnterprise = (db: Db, members = 3): Promise<Enterprise> => createTestEnterprise(db, { members });

export async function figures(db: Db, accountId: number) {
  const row = await db('accounts').where({ id: accountId }).first();
  return row as Record<string, bigint | string | number | boolean | null> & {
    own_cash: bigint; transfer_book: bigint; held: bigint; available: bigint; credit_limit: bigint;
    monthly_uncleared: bigint; historical_uncleared: bigint; coupon_balance: bigint; credit_refund: bigint; status: string;
  };
}

/**
 * Runs `ops` concurrently so that they really race: the account is locked by another transaction, the calls
 * start one by one, each only once the ones before it wait on that lock (so they queue in the order given,
 * each past its replay check), then the lock is released. Returns each outcome.
 */
export async function racing<T>(db: Db, accountId: number, ops: Array<() => Promise<T>>): Promise<PromiseSettledResult<T>[]> {
  const calls: Array<Promise<PromiseSettledResult<T>>> = [];
  await db.transaction(async (trx) => {
    await trx.raw('SELECT 1 FROM accounts WHERE id = ? FOR UPDATE', [accountId]);
    const holder = (await trx.raw('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    for (const op of ops) {
      calls.push(op().then((value) => ({ status: 'fulfilled', value }), (reason: unknown) => ({ status: 'rejected', reason })));
      await waitForBlocked(trx, holder, calls.length);
    }
  });
  return Promise.all(calls);
}

/** Waits until `count` sessions are blocked by `holder`, directly or behind each other on the same row. */
export async function waitForBlocked(trx: Db, holder: number, count: number): Promise<void> {
  for (let waited = 0; ; waited += 10) {
    // A transaction keeps its first view of pg_stat_activity unless told to look again.
    await trx.raw('SELECT pg_stat_clear_snapshot()');
    const { rows } = await trx.raw(`
      WITH RECURSIVE blocked(pid) AS (
        SELECT pid FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))
        UNION SELECT a.pid FROM pg_stat_activity a JOIN blocked b ON b.pid = ANY(pg_blocking_pids(a.pid)))
      SELECT count(*)::int AS n FROM blocked`, [holder]);
    if (rows[0].n >= count) return;
    if (waited > 10_000) throw new Error(`only ${rows[0].n} of ${count} calls reached the lock`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `twins` concurrent calls of `op` that really race (see `racing`); the first failure is thrown. */
export async function racingTwins<T>(db: Db, accountId: number, twins: number, op: () => Promise<T>): Promise<T[]> {
  const settled = await racing(db, accountId, Array.from({ length: twins }, () => op));
  return settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
}

/** Before each test, a fresh enterprise with three members, A, B and C (read the fields inside the tests). */
export function threeMembersEach(db: Db): { ent: Enterprise; A: number; B: number; C: number } {
  const current = { ent: undefined as unknown as Enterprise, A: 0, B: 0, C: 0 };
  beforeEach(async () => {
    current.ent = await makeEnterprise(db, 3);
    [current.A, current.B, current.C] = current.ent.members as [number, number, number];
  });
  return current;
}
