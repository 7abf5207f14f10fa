import type { Db } from '../../db/connection';
import { changeMemberCredit, closeMonth, consume, issueCoupon, setEnterpriseCredit, topUp, transfer } from '../../db/ledger/operations';
import type { TestEnterprise } from './enterprise';
import { freshId } from './ids';

/**
 * An account with something in every term of its available quota (members[2] of `ent`, fen):
 * credit limit 300.00; historical uncleared 50.00 (a closed period's charge) and monthly uncleared 100.00;
 * own cash 80.00; transfer books 200.00 from members[0] and 100.00 from members[1]; a valid coupon of 20.00.
 * Available: 80 + 300 + 300 − 100 − 50 = 530.00 (before any hold). members[0] and [1] topped up 1,000.00 each.
 */
export async function accountWithEverything(db: Db, ent: TestEnterprise): Promise<number> {
  const [a, b, c] = ent.members as [number, number, number];
  const actor = 'scene';
  const key = () => freshId('scene');
  await setEnterpriseCredit(db, { key: key(), enterpriseId: ent.id, publicCloud: 1_000_00n, hybridCloud: 0n, reason: 'scene', actor });
  await changeMemberCredit(db, { key: key(), accountId: c, delta: 300_00n, reason: 'credit for the scene', actor });
  await consume(db, { key: key(), accountId: c, amount: 50_00n, period: '2026-01', actor });
  await closeMonth(db, { period: '2026-01', accountId: c, actor });
  await consume(db, { key: key(), accountId: c, amount: 100_00n, actor });
  for (const source of [a, b]) await topUp(db, { key: key(), accountId: source, amount: 1_000_00n, actor });
  await topUp(db, { key: key(), accountId: c, amount: 80_00n, actor });
  await transfer(db, { key: key(), fromAccountId: a, toAccountId: c, amount: 200_00n, actor });
  await transfer(db, { key: key(), fromAccountId: b, toAccountId: c, amount: 100_00n, actor });
  const now = Date.now();
  await issueCoupon(db, { key: key(), accountId: c, amount: 20_00n, validFrom: new Date(now - 60_000), validTo: new Date(now + 7 * 86_400_000), actor });
  return c;
}
