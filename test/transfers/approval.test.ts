import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, topUp } from '../../db/ledger/operations';
import { updateEnterpriseSettings } from '../../services/directory/settings';
import { decideMovement, movementStatus } from '../../services/transfer-status';
import { startTransfer, startWithdrawal } from '../../services/transfers';
import { brokenInvariants } from '../ledger/invariants';
import { freshId } from '../support';
import {
  admin, balances, failureChain, fundedEnterprise, outboxOf, rejection, startMovementWorkflow, startTransferHarness, type FundedEnterprise,
  type TransferHarness,
} from './harness';

let h: TransferHarness;
beforeAll(async () => {
  h = await startTransferHarness();
});
afterAll(async () => h?.close());

/** Members A (100.00 own cash) and B; transfers of 50.00 or more need a second admin. */
async function setUp() {
  const ent = await fundedEnterprise(h.db, [100_00n, 0n], { dualControlThreshold: 50_00n });
  const [A, B] = ent.members as [number, number];
  const requestId = freshId('approve');
  const started = await startTransfer(h.deps, { principal: ent.admin, requestId, fromAccountId: A, toAccountId: B, amount: '80.00' });
  const ref = { principal: ent.admin, kind: 'transfer' as const, requestId };
  await eventuallyStage(ref, 'awaiting_approval');
  return { ent, A, B, requestId, ref, handle: h.client.workflow.getHandle(started.workflowId) };
}

async function eventuallyStage(ref: Parameters<typeof movementStatus>[1], stage: string) {
  for (let i = 0; i < 200; i++) {
    if ((await movementStatus(h.deps, ref)).stage === stage) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never reached ${stage}`);
}

const decide = (ent: FundedEnterprise, requestId: string, approve: boolean, approver = ent.second, reason?: string) =>
  decideMovement(h.deps, { principal: approver, kind: 'transfer', requestId, approve, ...(reason && { reason }) });

describe('dual control above the enterprise’s threshold', () => {
  it('holds the funds until a second admin approves, then posts them', async () => {
    const { ent, A, B, requestId, ref } = await setUp();
    const waiting = await movementStatus(h.deps, ref);
    expect(waiting.approval).toMatchObject({ required: true, threshold: '5000', outcome: null });
    expect(waiting.approval.deadline).not.toBeNull();
    expect(await balances(h.db, [A, B])).toEqual([{ ownCash: 20_00n, transferBook: 0n, held: 80_00n }, { ownCash: 0n, transferBook: 0n, held: 0n }]);

    // The starter, another enterprise's admin and a member may not approve; the transfer keeps waiting.
    expect(await rejection(decide(ent, requestId, true, ent.admin))).toMatchObject({ code: 'FORBIDDEN' });
    const outsider = admin(ent.id + 1_000_000);
    expect(await rejection(decideMovement(h.deps, { ...ref, principal: outsider, approve: true }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejection(decide(ent, requestId, true, { ...ent.second, id: ent.second.id + 1, role: 'member' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await movementStatus(h.deps, ref)).stage).toBe('awaiting_approval');

    const decided = await decide(ent, requestId, true);
    expect(decided).toMatchObject({ stage: 'completed', approval: { outcome: 'approved', decidedBy: { id: ent.second.id } } });
    expect(await rejection(decide(ent, requestId, true))).toMatchObject({ code: 'INVALID_STATE' });
    expect(await balances(h.db, [A, B])).toEqual([{ ownCash: 20_00n, transferBook: 0n, held: 0n }, { ownCash: 0n, transferBook: 80_00n, held: 0n }]);
    const post = await h.db('ledger_transactions').where({ idempotency_key: `transfer-e${ent.id}-${requestId}:post` }).first('actor');
    expect(post.actor).toBe(`principal:${ent.second.id}:${ent.second.name}`);
    expect((await outboxOf(h.db, requestId)).map((r) => r.topic)).toEqual(['transfer.completed']);
  });

  it('voids the hold when the second admin rejects', async () => {
    const { ent, A, B, requestId, handle } = await setUp();
    const decided = await decide(ent, requestId, false, ent.second, 'not this month');
    expect(decided).toMatchObject({ stage: 'failed', error: { code: 'APPROVAL_REJECTED' }, approval: { outcome: 'rejected', reason: 'not this month' } });
    const err = await rejection(handle.result());
    expect(failureChain(err)).toEqual(['WorkflowFailedError', 'ApplicationFailure:APPROVAL_REJECTED']);
    expect(await balances(h.db, [A, B])).toEqual([{ ownCash: 100_00n, transferBook: 0n, held: 0n }, { ownCash: 0n, transferBook: 0n, held: 0n }]);
    expect(await outboxOf(h.db, requestId)).toMatchObject([{ topic: 'transfer.failed', payload: { code: 'APPROVAL_REJECTED', amount: '8000' } }]);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });

  it('voids the hold when nobody decides within 24 hours', async () => {
    const { ent, A, requestId, handle } = await setUp();
    const err = await rejection(handle.result()); // the time-skipping server jumps over the 24 hours
    expect(failureChain(err)).toEqual(['WorkflowFailedError', 'ApplicationFailure:APPROVAL_TIMED_OUT']);
    expect(await balances(h.db, [A])).toEqual([{ ownCash: 100_00n, transferBook: 0n, held: 0n }]);
    expect((await outboxOf(h.db, requestId)).map((r) => r.payload.code)).toEqual(['APPROVAL_TIMED_OUT']);
    expect(await rejection(decide(ent, requestId, true))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('voids the hold when ops cancel it while it waits', async () => {
    const { A, requestId, handle } = await setUp();
    await handle.cancel();
    expect(failureChain(await rejection(handle.result()))).toEqual(['WorkflowFailedError', 'CancelledFailure']);
    expect(await balances(h.db, [A])).toEqual([{ ownCash: 100_00n, transferBook: 0n, held: 0n }]);
    expect(await outboxOf(h.db, requestId)).toMatchObject([{ topic: 'transfer.failed', payload: { code: 'CANCELLED' } }]);
  });

  it('re-checks at post time: a holder whose quota fell below zero while it waited gets its funds back', async () => {
    const { ent, A, B, requestId, handle } = await setUp();
    await consume(h.db, { key: freshId('use'), accountId: A, amount: 30_00n, actor: 'test' }); // 20 own cash, then 10 on credit
    const decided = await decide(ent, requestId, true);
    expect(decided).toMatchObject({ stage: 'failed', error: { code: 'INSUFFICIENT_FUNDS' } });
    expect(failureChain(await rejection(handle.result()))).toEqual(['WorkflowFailedError', 'ApplicationFailure:INSUFFICIENT_FUNDS']);
    expect(await balances(h.db, [A, B])).toEqual([{ ownCash: 80_00n, transferBook: 0n, held: 0n }, { ownCash: 0n, transferBook: 0n, held: 0n }]);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });

  it('posts when balances moved meanwhile but the holder stayed above zero', async () => {
    const { ent, A, B, requestId } = await setUp();
    await consume(h.db, { key: freshId('use'), accountId: A, amount: 15_00n, actor: 'test' });
    await topUp(h.db, { key: freshId('top'), accountId: B, amount: 5_00n, actor: 'test' });
    expect(await decide(ent, requestId, true)).toMatchObject({ stage: 'completed' });
    expect(await balances(h.db, [A, B])).toEqual([{ ownCash: 5_00n, transferBook: 0n, held: 0n }, { ownCash: 5_00n, transferBook: 80_00n, held: 0n }]);
  });

  it('refuses an amount over the maximum before anything is held, with the figures the hold would give', async () => {
    const ent = await fundedEnterprise(h.db, [100_00n, 0n], { dualControlThreshold: 50_00n });
    const [A, B] = ent.members as [number, number];
    // Reached without the service's prompt check, as a batch item or a request racing another is.
    const { workflowId, requestId } = await startMovementWorkflow(h.deps, ent, { kind: 'transfer', from: A, to: B, amount: '100.01' });
    const err = await rejection(h.client.workflow.getHandle(workflowId).result());
    expect(failureChain(err)).toEqual(['WorkflowFailedError', 'ApplicationFailure:TRANSFER_EXCEEDS_MAXIMUM']);
    expect(await h.client.workflow.getHandle(workflowId).query('movementStatus')).toMatchObject({ stage: 'failed', holdId: null, approval: { required: false } });
    expect(await h.db('ledger_transactions').where('idempotency_key', 'like', `${workflowId}:%`)).toEqual([]);
    expect(await outboxOf(h.db, requestId)).toMatchObject([{ topic: 'transfer.failed', payload: { code: 'TRANSFER_EXCEEDS_MAXIMUM' } }]);
  });

  it('applies to withdrawals too, and not below the threshold the admin set', async () => {
    const ent = await fundedEnterprise(h.db, [100_00n, 0n]);
    const [A, B] = ent.members as [number, number];
    expect(await updateEnterpriseSettings(h.db, ent.admin, ent.id, { approvalThreshold: '50.00' })).toMatchObject({ enterpriseId: ent.id, approvalThreshold: 50_00n });
    expect(await rejection(updateEnterpriseSettings(h.db, { ...ent.admin, role: 'member' }, ent.id, { approvalThreshold: null }))).toMatchObject({ code: 'FORBIDDEN' });
    const small = await startTransfer(h.deps, { principal: ent.admin, requestId: freshId('t'), fromAccountId: A, toAccountId: B, amount: '49.99' });
    expect(await h.client.workflow.getHandle(small.workflowId).result()).toMatchObject({ stage: 'completed', approval: { required: false, threshold: '5000' } });
    const requestId = freshId('w');
    const w = await startWithdrawal(h.deps, { principal: ent.admin, requestId, holderAccountId: B, sourceAccountId: A, amount: '49.99' });
    expect(await h.client.workflow.getHandle(w.workflowId).result()).toMatchObject({ stage: 'completed' });

    await startTransfer(h.deps, { principal: ent.admin, requestId: freshId('t'), fromAccountId: A, toAccountId: B, amount: '50.00' })
      .then((t) => decideWhenWaiting(ent, t.requestId, 'transfer'));
    const big = await startWithdrawal(h.deps, { principal: ent.admin, requestId: freshId('w'), holderAccountId: B, sourceAccountId: A, amount: '50.00' });
    expect(await decideWhenWaiting(ent, big.requestId, 'withdrawal')).toMatchObject({ stage: 'completed', approval: { outcome: 'approved' } });
    expect(await balances(h.db, [A, B])).toEqual([{ ownCash: 100_00n, transferBook: 0n, held: 0n }, { ownCash: 0n, transferBook: 0n, held: 0n }]);
  });
});

async function decideWhenWaiting(ent: FundedEnterprise, requestId: string, kind: 'transfer' | 'withdrawal') {
  await eventuallyStage({ principal: ent.admin, kind, requestId }, 'awaiting_approval');
  return decideMovement(h.deps, { principal: ent.second, kind, requestId, approve: true });
}
