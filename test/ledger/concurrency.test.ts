import { afterAll, describe, expect, it } from 'vitest';
import * as ledger from '../../db/ledger/operations';
import { UamError } from '../../core/errors';
import { brokenInvariants } from './invariants';
import { key, ledgerTestDb, makeEnterprise } from './fixture';

const CONNECTIONS = 16;
const OPS_PER_WORKER = 150;
const db = ledgerTestDb(CONNECTIONS);
const actor = 'chaos';
afterAll(async () => {
  await db.destroy();
});

/** Deterministic PRNG so a failing run can be replayed with the same seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

// Refusals that a random workload is expected to hit; anything else (deadlock, broken invariant) fails the test.
const BUSINESS = new Set([
  'TRANSFER_EXCEEDS_MAXIMUM', 'WITHDRAWAL_EXCEEDS_MAXIMUM', 'CREDIT_EXCEEDS_AVAILABLE', 'CREDIT_DECREASE_EXCEEDS_LIMIT',
  'WOULD_STOP_ACCOUNT', 'REPAYMENT_EXCEEDS_DEBT', 'HOLD_NOT_PENDING', 'INSUFFICIENT_FUNDS', 'SAME_ACCOUNT',
]);

describe('ledger under concurrency', () => {
  it(`keeps every invariant through ${CONNECTIONS * OPS_PER_WORKER} random operations on ${CONNECTIONS} connections`, async () => {
    const ent = await makeEnterprise(db, 6);
    const ids = ent.members;
    await ledger.setEnterpriseCredit(db, { key: key(), enterpriseId: ent.id, publicCloud: 5_000_00n, hybridCloud: 0n, actor, reason: 'chaos' });
    const holds: bigint[] = [];
    const outcomes = { ok: 0, refused: 0 };

    async function worker(seed: number): Promise<void> {
      const r = rng(seed);
      const pick = () => ids[Math.floor(r() * ids.length)]!;
      const amount = () => BigInt(1 + Math.floor(r() * 30_00));
      for (let i = 0; i < OPS_PER_WORKER; i++) {
        const x = r();
        const [a, b] = [pick(), pick()];
        try {
          if (x < 0.15) await ledger.topUp(db, { key: key(), accountId: a, amount: amount(), actor });
          else if (x < 0.3) await ledger.consume(db, { key: key(), accountId: a, amount: amount(), actor });
          else if (x < 0.45) await ledger.transfer(db, { key: key(), fromAccountId: a, toAccountId: b, amount: amount(), actor });
          else if (x < 0.55) await ledger.withdraw(db, { key: key(), holderAccountId: a, sourceAccountId: b, amount: amount() / 4n + 1n, actor });
          else if (x < 0.65) {
            const hold = await ledger.placeHold(db, { key: key(), purpose: r() < 0.5 ? 'transfer' : 'withdrawal', fromAccountId: a, toAccountId: b, amount: amount() / 4n + 1n, actor });
            holds.push(hold.refId!);
          } else if (x < 0.75 && holds.length > 0) {
            const holdId = holds[Math.floor(r() * holds.length)]!;
            await (r() < 0.5 ? ledger.postHold : ledger.voidHold)(db, { key: key(), holdId, actor });
          } else if (x < 0.83) {
            await ledger.changeMemberCredit(db, { key: key(), accountId: a, delta: r() < 0.6 ? amount() * 10n : -amount(), acceptStop: r() < 0.3, actor, reason: 'chaos' });
          } else if (x < 0.88) {
            await ledger.moveMemberCredit(db, { key: key(), fromAccountId: a, toAccountId: b, amount: amount(), acceptStop: r() < 0.5, actor, reason: 'chaos' });
          } else if (x < 0.94) await ledger.repay(db, { key: key(), accountId: a, amount: amount() / 2n + 1n, actor });
          else {
            // The same request sent twice at once: exactly one of them moves money.
            const k = key('twin');
            const twins = await Promise.all([0, 1].map(() => ledger.topUp(db, { key: k, accountId: a, amount: 1_00n, actor })));
            expect(twins.filter((t) => !t.replayed)).toHaveLength(1);
            expect(twins[0]!.transactionId).toBe(twins[1]!.transactionId);
          }
          outcomes.ok++;
        } catch (err) {
          if (err instanceof UamError && BUSINESS.has(err.code)) outcomes.refused++;
          else throw err;
        }
      }
    }

    await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => worker(1000 + i)));
    expect(outcomes.ok).toBeGreaterThan(CONNECTIONS * OPS_PER_WORKER * 0.3);
    expect(await brokenInvariants(db, [ent.id])).toEqual([]);
    const twinKeys = await db('ledger_transactions').where('idempotency_key', 'like', 'twin-%').andWhere({ enterprise_id: ent.id })
      .count<{ count: bigint }[]>('* as count');
    const twinEntries = await db('ledger_entries as e').join('ledger_transactions as t', 't.id', 'e.transaction_id')
      .where('t.idempotency_key', 'like', 'twin-%').andWhere('t.enterprise_id', ent.id).count<{ count: bigint }[]>('* as count');
    expect(twinEntries[0]!.count).toBe(twinKeys[0]!.count * 2n);
  }, 240_000);
});
