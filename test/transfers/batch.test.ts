import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topUp } from '../../db/ledger/operations';
import { batchOutcome, batchStatus } from '../../services/transfer-status';
import { startBatchTransfer } from '../../services/transfers';
import { createTestEnterprise, freshId } from '../support';
import { brokenInvariants } from '../ledger/invariants';
import { admin, balances, outboxOf, rejection, startTransferHarness, type TransferHarness } from './harness';

let h: TransferHarness;
beforeAll(async () => {
  h = await startTransferHarness({ server: 'dev' });
});
afterAll(async () => h?.close());

describe('batch transfer', () => {
  it('funds twenty members at once, one child per item; failed items undo nothing else', async () => {
    const ent = await createTestEnterprise(h.db, { members: 20 });
    const principal = admin(ent.id, ent.ma);
    await topUp(h.db, { key: freshId('top'), accountId: ent.ma, amount: 1000_00n, actor: 'test' });
    const items = [
      ...ent.members.map((m) => ({ fromAccountId: ent.ma, toAccountId: m, amount: '40.00' })),
      { fromAccountId: ent.members[0]!, toAccountId: ent.members[1]!, amount: '1.00' }, // received funds never move on
      { fromAccountId: ent.ma, toAccountId: ent.ma, amount: '1.00' },
    ];
    const batchId = freshId('batch');
    const started = await startBatchTransfer(h.deps, { principal, batchId, items });
    expect(started).toMatchObject({ workflowId: `transfer-batch-e${ent.id}-${batchId}`, started: true });
    expect((await startBatchTransfer(h.deps, { principal, batchId, items })).started).toBe(false);
    expect(await rejection(startBatchTransfer(h.deps, { principal, batchId, items: items.slice(1) }))).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });

    const result = await batchOutcome(h.deps, { principal, batchId });
    expect(result).toMatchObject({ total: 22, completed: 20, failed: 2 });
    expect(result.items.slice(20)).toMatchObject([
      { index: 20, status: 'failed', error: { code: 'TRANSFER_EXCEEDS_MAXIMUM' } },
      { index: 21, status: 'failed', error: { code: 'SAME_ACCOUNT' } },
    ]);
    expect(result.items.slice(0, 20).every((i) => i.status === 'completed' && i.error === null)).toBe(true);
    expect(await batchStatus(h.deps, { principal, batchId })).toEqual(result);

    expect(await balances(h.db, [ent.ma])).toEqual([{ ownCash: 200_00n, transferBook: 0n, held: 0n }]);
    expect(await balances(h.db, ent.members)).toEqual(ent.members.map(() => ({ ownCash: 0n, transferBook: 40_00n, held: 0n })));
    // Each item is an ordinary transfer: its own request id, its own notification.
    expect(result.items[3]!.requestId).toBe(`${batchId}.4`);
    expect((await outboxOf(h.db, `${batchId}.4`)).map((r) => r.topic)).toEqual(['transfer.completed']);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });

  it('is refused up front when empty or from a member', async () => {
    const ent = await createTestEnterprise(h.db, { members: 1 });
    expect(await rejection(startBatchTransfer(h.deps, { principal: admin(ent.id), batchId: freshId('b'), items: [] }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    const member = { ...admin(ent.id, ent.members[0]!), role: 'member' as const };
    const items = [{ fromAccountId: ent.ma, toAccountId: ent.members[0]!, amount: '1.00' }];
    expect(await rejection(startBatchTransfer(h.deps, { principal: member, batchId: freshId('b'), items }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
