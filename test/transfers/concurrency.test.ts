import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MovementKind } from '../../domain/transfers';
import { UamError } from '../../core/errors';
import { startTransfer, startWithdrawal } from '../../services/transfers';
import { brokenInvariants } from '../ledger/invariants';
import { freshId } from '../support';
import { balances, failureChain, fundedEnterprise, outboxOf, startTransferHarness, type TransferHarness } from './harness';

let h: TransferHarness;
beforeAll(async () => {
  h = await startTransferHarness({ server: 'dev', databasePoolMax: 10 });
});
afterAll(async () => h?.close());

/** A small deterministic generator (mulberry32), so a failure can be replayed: 0 ≤ pick(n) < n. */
function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32 * n) | 0;
  };
}

/** Refusals that concurrent movements may meet: someone else got the funds first. */
const RACE_REFUSALS = ['TRANSFER_EXCEEDS_MAXIMUM', 'WITHDRAWAL_EXCEEDS_MAXIMUM', 'INSUFFICIENT_FUNDS'];

describe('many transfers and withdrawals at once among a few accounts', () => {
  it('keeps every ledger invariant, moves each amount once and queues one message per completed movement', async () => {
    const ent = await fundedEnterprise(h.db, [500_00n, 500_00n, 500_00n, 500_00n]);
    const members = ent.members;
    const pick = random(20261126);
    const start = async (kind: MovementKind, from: number, to: number, amount: string) => {
      const requestId = freshId(kind);
      const p = { principal: ent.admin, requestId, amount };
      // Refused before it starts (the service's pre-check saw the funds gone) or by its workflow: both are outcomes.
      const started = kind === 'transfer'
        ? startTransfer(h.deps, { ...p, fromAccountId: from, toAccountId: to })
        : startWithdrawal(h.deps, { ...p, holderAccountId: from, sourceAccountId: to });
      // Settled at once: a movement refused while others are still starting must not be an unhandled rejection.
      const result: Promise<PromiseSettledResult<unknown>> = started.then((s) => h.client.workflow.getHandle(s.workflowId).result()).then(
        (value) => ({ status: 'fulfilled', value }),
        (reason: unknown) => ({ status: 'rejected', reason }),
      );
      return { requestId, result };
    };
    // Everyone sends everyone something first, so withdrawals have funds to take back.
    const seeded = await Promise.all(members.flatMap((a) => members.filter((b) => b !== a).map((b) => start('transfer', a, b, '50.00'))));
    expect((await Promise.all(seeded.map((s) => s.result))).every((o) => o.status === 'fulfilled')).toBe(true);

    const movements = await Promise.all(Array.from({ length: 60 }, () => {
      const from = members[pick(4)]!;
      const to = members.filter((m) => m !== from)[pick(3)]!;
      return start(pick(5) < 3 ? 'transfer' : 'withdrawal', from, to, `${1 + pick(80)}.${String(pick(100)).padStart(2, '0')}`);
    }));
    const outcomes = await Promise.all(movements.map((m) => m.result));

    const codeOf = (reason: unknown) => (reason instanceof UamError ? reason.code : failureChain(reason).at(-1)!.split(':')[1]!);
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [codeOf(o.reason)] : []));
    expect(refused.filter((code) => !RACE_REFUSALS.includes(code))).toEqual([]);
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThan(20);

    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
    const figures = await balances(h.db, members);
    expect(figures.reduce((sum, f) => sum + f.ownCash + f.transferBook + f.held, 0n)).toBe(2000_00n);
    expect(figures.every((f) => f.held === 0n)).toBe(true);
    for (const [i, m] of movements.entries()) {
      const topics = (await outboxOf(h.db, m.requestId)).map((r) => r.topic);
      const o = outcomes[i]!;
      // Refused by its workflow: told why by message; refused before it started: told at once, nothing to send.
      const expected = o.status === 'fulfilled' ? ['transfer.completed'] : o.reason instanceof UamError ? [] : ['transfer.failed'];
      expect(topics).toEqual(expected);
    }
  });
});
