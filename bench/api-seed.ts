import type { Db } from '../db/connection';
import { createPrincipal, hashToken } from '../services/principals';

export const BENCH_ENTERPRISE = 'bench-api';
export const BENCH_TOKEN = 'uam_bench_api_admin';

/**
 * One enterprise with `accounts` accounts in a bench database, written with one generate_series INSERT (the
 * ledger is not what is measured here): varied own cash, transfer books, credit and debts, every tenth account
 * with a low-balance alert. Reused when already there.
 */
export async function seedBenchAccounts(db: Db, accounts: number): Promise<{ enterpriseId: number; accountIds: number[] }> {
  let ent = await db('enterprises').where({ name: BENCH_ENTERPRISE }).first('id');
  const count = ent ? Number((await db('accounts').where({ enterprise_id: ent.id }).count<{ count: string }[]>('* as count'))[0]!.count) : 0;
  if (!ent || count !== accounts) {
    if (ent) throw new Error(`${BENCH_ENTERPRISE} has ${count} accounts, not ${accounts}: drop the bench database to reseed`);
    [ent] = await db('enterprises').insert({ name: BENCH_ENTERPRISE, credit_public: 10n ** 12n }).returning('id');
    await db.raw(
      `INSERT INTO accounts (enterprise_id, kind, name, own_cash, transfer_book, credit_limit, monthly_uncleared,
         alert_threshold, alert_enabled, alert_state)
       SELECT ?, CASE WHEN g = 1 THEN 'ma' ELSE 'member' END, 'Account ' || lpad(g::text, 6, '0'),
         (hashint % 1000000) * 100, (hashint % 7) * 10000, (hashint % 5) * 100000, (hashint % 3) * 5000,
         CASE WHEN g % 10 = 0 THEN 50000 END, g % 10 = 0, CASE WHEN g % 20 = 0 THEN 'fired' ELSE 'armed' END
       FROM (SELECT g, abs(hashtext(g::text)) AS hashint FROM generate_series(1, ?) g) s`,
      [ent.id, accounts],
    );
    await db.raw(
      `INSERT INTO contacts (enterprise_id, account_id, channel, address, events)
       SELECT enterprise_id, id, 'email', 'a' || id || '@bench.example', ARRAY['low_balance', 'account_stopped', 'credit', 'transfers']
       FROM accounts WHERE enterprise_id = ?`,
      [ent.id],
    );
    await db.raw(`UPDATE enterprises SET credit_assigned = (SELECT sum(credit_limit) FROM accounts WHERE enterprise_id = ?) WHERE id = ?`, [ent.id, ent.id]);
    await db.raw('VACUUM ANALYZE accounts');
  }
  if (!(await db('principals').where({ token_hash: hashToken(BENCH_TOKEN) }).first('id'))) {
    await createPrincipal(db, { name: 'bench admin', role: 'enterprise_admin', enterpriseId: ent.id, token: BENCH_TOKEN });
  }
  const ids = await db('accounts').where({ enterprise_id: ent.id }).orderBy('id').pluck('id');
  return { enterpriseId: ent.id, accountIds: ids as number[] };
}
