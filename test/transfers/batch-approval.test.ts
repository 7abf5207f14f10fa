import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MovementMemo } from '../../domain/transfers';
import { batchOutcome, decideMovement, movementStatus } from '../../services/transfer-status';
import { startBatchTransfer } from '../../services/transfers';
import { brokenInvariants } from '../ledger/invariants';
import { freshId } from '../support';
import { admin, balances, fundedEnterprise, outboxOf, rejection, startTransferHarness, type TransferHarness } from './harness';

/** On the dev server: approvals are found through Temporal visibility, which the time-skipping server lacks. */
let h: TransferHarness;
beforeAll(async () => {
  h = await startTransferHarness({ server: 'dev' });
});
afterAll(async () => h?.close());

/** The movements of an enterprise waiting for a second admin, as GET /enterprises/{id}/approvals finds them. */
async function awaitingApproval(enterpriseId: number) {
  const found: Array<{ workflowId: string; memo: unknown }> = [];
  for await (const wf of h.client.workflow.list({ query: `EnterpriseId = "${enterpriseId}" AND Stage = "awaiting_approval"` })) {
    found.push({ workflowId: wf.workflowId, memo: wf.memo });
  }
  return found.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
}

describe('dual control in a batch', () => {
  it('each item at the threshold waits for a second admin and is listed, shown, approved or rejected like a single transfer', async () => {
    const ent = await fundedEnterprise(h.db, [200_00n, 0n, 0n], { dualControlThreshold: 50_00n });
    const [A, B, C] = ent.members as [number, number, number];
    const batchId = freshId('batch');
    await startBatchTransfer(h.deps, {
      principal: ent.admin, batchId,
      items: [
        { fromAccountId: A, toAccountId: B, amount: '60.00' }, // above the threshold: waits
        { fromAccountId: A, toAccountId: C, amount: '10.00' },
        { fromAccountId: A, toAccountId: C, amount: '50.00' }, // at the threshold: waits
      ],
    });
    const ref = (n: number) => ({ principal: ent.admin, kind: 'transfer' as const, requestId: `${batchId}.${n}` });
    const itemId = (n: number) => `transfer-e${ent.id}-${batchId}.${n}`;

    await vi.waitFor(async () => {
      expect((await movementStatus(h.deps, ref(1))).stage).toBe('awaiting_approval');
      expect((await movementStatus(h.deps, ref(3))).stage).toBe('awaiting_approval');
      expect((await movementStatus(h.deps, ref(2))).stage).toBe('completed'); // below the threshold: no wait
    }, { timeout: 30_000, interval: 200 });
    expect(await movementStatus(h.deps, ref(1))).toMatchObject({ amount: '6000', approval: { required: true, threshold: '5000' } });
    expect(await balances(h.db, [A])).toEqual([{ ownCash: 80_00n, transferBook: 0n, held: 110_00n }]);
    const listed = await vi.waitFor(async () => {
      const found = await awaitingApproval(ent.id);
      expect(found.map((f) => f.workflowId)).toEqual([itemId(1), itemId(3)]);
      return found;
    }, { timeout: 30_000, interval: 300 });
    expect(listed[0]!.memo).toEqual({ enterpriseId: ent.id, request: `transfer:${ent.id}:${A}:${B}:6000` } satisfies MovementMemo);

    // Only a second admin of the same enterprise decides; to another enterprise the item does not exist.
    expect(await rejection(decideMovement(h.deps, { ...ref(1), approve: true }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rejection(decideMovement(h.deps, { ...ref(1), principal: admin(ent.id + 1_000_000), approve: true }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await decideMovement(h.deps, { ...ref(1), principal: ent.second, approve: true, reason: 'ok' })).toMatchObject({
      stage: 'completed', approval: { outcome: 'approved', decidedBy: { id: ent.second.id } },
    });
    expect(await decideMovement(h.deps, { ...ref(3), principal: ent.second, approve: false, reason: 'not now' })).toMatchObject({
      stage: 'failed', error: { code: 'APPROVAL_REJECTED' },
    });

    const result = await batchOutcome(h.deps, { principal: ent.admin, batchId });
    expect(result).toMatchObject({ total: 3, completed: 2, failed: 1 });
    expect(result.items[2]).toMatchObject({ status: 'failed', error: { code: 'APPROVAL_REJECTED' } });
    expect(await balances(h.db, [A, B, C])).toEqual([
      { ownCash: 130_00n, transferBook: 0n, held: 0n }, { ownCash: 0n, transferBook: 60_00n, held: 0n }, { ownCash: 0n, transferBook: 10_00n, held: 0n },
    ]);
    expect((await outboxOf(h.db, `${batchId}.1`)).map((r) => r.topic)).toEqual(['transfer.completed']);
    expect((await outboxOf(h.db, `${batchId}.3`)).map((r) => [r.topic, r.payload.code])).toEqual([['transfer.failed', 'APPROVAL_REJECTED']]);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });
});
