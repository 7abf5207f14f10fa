import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UamError } from '../../core/errors';
import { consume, topUp } from '../../db/ledger/operations';
import type { Principal } from '../../domain/principal';
import { movementWorkflowId, type MovementKind } from '../../domain/transfers';
import { movementOutcome, movementStatus } from '../../services/transfer-status';
import { startTransfer, startWithdrawal } from '../../services/transfers';
import { EnterpriseId, Stage } from '../../workflows/search-attributes';
import { brokenInvariants } from '../ledger/invariants';
import { freshId } from '../support';
import {
  admin, balances, failureChain, fundedEnterprise, outboxOf, rejection, startMovementWorkflow, startTransferHarness, type TransferHarness,
} from './harness';

let h: TransferHarness;
beforeAll(async () => {
  h = await startTransferHarness({ server: 'dev' });
});
afterAll(async () => h?.close());

const transfer = (ent: { admin: Principal }, from: number, to: number, amount: string, requestId = freshId('t')) =>
  startTransfer(h.deps, { principal: ent.admin, requestId, fromAccountId: from, toAccountId: to, amount });
const withdraw = (ent: { admin: Principal }, holder: number, source: number, amount: string, requestId = freshId('w')) =>
  startWithdrawal(h.deps, { principal: ent.admin, requestId, holderAccountId: holder, sourceAccountId: source, amount });
const result = (workflowId: string) => h.client.workflow.getHandle(workflowId).result();

const startWorkflow = (ent: { id: number; admin: Principal }, kind: MovementKind, from: number, to: number, amount: string) =>
  startMovementWorkflow(h.deps, ent, { kind, from, to, amount });

describe('transfer and withdrawal workflows', () => {
  it('moves A’s own cash into B’s transfer book, then takes back what B has not consumed', async () => {
    const ent = await fundedEnterprise(h.db, [100_00n, 0n]);
    const [A, B] = ent.members as [number, number];

    const t = await transfer(ent, A, B, '60.00');
    expect(t).toMatchObject({ workflowId: movementWorkflowId('transfer', ent.id, t.requestId), started: true });
    const done = await movementOutcome(h.deps, { principal: ent.admin, kind: 'transfer', requestId: t.requestId });
    expect(done).toMatchObject({ stage: 'completed', amount: '6000', error: null, approval: { required: false } });
    expect(await balances(h.db, [A, B])).toEqual([
      { ownCash: 40_00n, transferBook: 0n, held: 0n },
      { ownCash: 0n, transferBook: 60_00n, held: 0n },
    ]);

    await consume(h.db, { key: freshId('use'), accountId: B, amount: 15_00n, actor: 'test' });
    const w = await withdraw(ent, B, A, '45.00');
    expect(await movementOutcome(h.deps, { principal: ent.admin, kind: 'withdrawal', requestId: w.requestId })).toMatchObject({ stage: 'completed' });
    expect(await balances(h.db, [A, B])).toEqual([
      { ownCash: 85_00n, transferBook: 0n, held: 0n },
      { ownCash: 0n, transferBook: 0n, held: 0n },
    ]);

    // The stage is still there to ask for, and ops can find it by enterprise and stage.
    expect(await movementStatus(h.deps, { principal: ent.admin, kind: 'withdrawal', requestId: w.requestId })).toMatchObject({ stage: 'completed' });
    const attributes = (await h.client.workflow.getHandle(w.workflowId).describe()).typedSearchAttributes;
    expect([attributes.get(EnterpriseId), attributes.get(Stage)]).toEqual([String(ent.id), 'completed']);

    expect(await outboxOf(h.db, t.requestId)).toMatchObject([
      { topic: 'transfer.completed', dedupe_key: `${t.workflowId}:completed`, payload: { kind: 'transfer', fromAccountId: A, toAccountId: B, amount: '6000', enterpriseId: ent.id } },
    ]);
    expect(await outboxOf(h.db, w.requestId)).toMatchObject([
      { topic: 'transfer.completed', payload: { kind: 'withdrawal', fromAccountId: B, toAccountId: A, amount: '4500' } },
    ]);
    // Nothing had to wait: one ledger transaction moved it, with no hold placed.
    expect(await h.db('ledger_transactions').where('idempotency_key', 'like', `${t.workflowId}:%`).select('idempotency_key', 'kind'))
      .toEqual([{ idempotency_key: `${t.workflowId}:post`, kind: 'transfer' }]);
    expect(await h.db('holds').whereIn('from_account_id', [A, B]).count()).toEqual([{ count: 0n }]);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });

  it('starts nothing twice for one request id, and refuses the id for a different request', async () => {
    const ent = await fundedEnterprise(h.db, [100_00n, 0n]);
    const [A, B] = ent.members as [number, number];
    const requestId = freshId('double-click');
    const [first, second] = await Promise.all([transfer(ent, A, B, '30.00', requestId), transfer(ent, A, B, '30.00', requestId)]);
    expect([first.started, second.started].sort()).toEqual([false, true]);
    await result(first.workflowId);
    expect((await transfer(ent, A, B, '30.00', requestId)).started).toBe(false);
    const reused = await rejection(transfer(ent, A, B, '31.00', requestId));
    expect(reused).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });

    expect(await balances(h.db, [A, B])).toEqual([
      { ownCash: 70_00n, transferBook: 0n, held: 0n },
      { ownCash: 0n, transferBook: 30_00n, held: 0n },
    ]);
    expect(await outboxOf(h.db, requestId)).toHaveLength(1);
  });

  describe('refusals reach the caller as typed failures and move nothing', () => {
    let ent: Awaited<ReturnType<typeof fundedEnterprise>>;
    let A: number, B: number, C: number, D: number;
    beforeAll(async () => {
      ent = await fundedEnterprise(h.db, [100_00n, 20_00n, 0n, 30_00n]);
      [A, B, C, D] = ent.members as [number, number, number, number];
      await result((await transfer(ent, A, B, '50.00')).workflowId); // B: 20 own + 50 from A
      await result((await transfer(ent, A, C, '10.00')).workflowId); // C: 10 from A
    });

    // [name, kind, whose funds, to, amount, code, details]: the service refuses at once; the workflow, reached
    // without that pre-check (as a batch item or a request racing another is), refuses with the same figures.
    const cases: Array<[string, MovementKind, () => number, () => number, string, string, Record<string, unknown>]> = [
      ['more than A’s own cash', 'transfer', () => A, () => B, '40.01', 'TRANSFER_EXCEEDS_MAXIMUM', { maximum: '4000', limitedBy: 'own_cash' }],
      ['funds B received by transfer, passed on', 'transfer', () => B, () => C, '20.01', 'TRANSFER_EXCEEDS_MAXIMUM', { maximum: '2000', limitedBy: 'own_cash' }],
      ['more than A transferred to B (reaching B’s own top-ups)', 'withdrawal', () => B, () => A, '50.01', 'WITHDRAWAL_EXCEEDS_MAXIMUM', { maximum: '5000' }],
      ['B’s own top-ups, from a holder A never sent anything', 'withdrawal', () => D, () => A, '1.00', 'WITHDRAWAL_EXCEEDS_MAXIMUM', { maximum: '0' }],
      ['funds another source (A) transferred to C, claimed by B', 'withdrawal', () => C, () => B, '1.00', 'WITHDRAWAL_EXCEEDS_MAXIMUM', { maximum: '0' }],
      ['A to A', 'transfer', () => A, () => A, '1.00', 'SAME_ACCOUNT', {}],
    ];
    it.each(cases)('%s', async (_name, kind, from, to, amount, type, details) => {
      const before = await balances(h.db, [A, B, C, D]);
      const prompt = await rejection(kind === 'transfer' ? transfer(ent, from(), to(), amount) : withdraw(ent, from(), to(), amount));
      expect(prompt).toMatchObject({ code: type, details });

      const { workflowId, requestId } = await startWorkflow(ent, kind, from(), to(), amount);
      const err = await rejection(result(workflowId));
      expect(failureChain(err)).toEqual(['WorkflowFailedError', `ApplicationFailure:${type}`]);
      expect((err as Error & { cause: { details: unknown[] } }).cause.details[0]).toEqual((prompt as UamError).details);
      expect(await balances(h.db, [A, B, C, D])).toEqual(before);
      expect(await h.db('ledger_transactions').where('idempotency_key', 'like', `${workflowId}:%`)).toEqual([]);
      expect((await h.client.workflow.getHandle(workflowId).query('movementStatus'))).toMatchObject({ stage: 'failed', error: { code: type } });
      // Refused after its 202, before anything was held: the starter is still told why, once.
      expect(await outboxOf(h.db, requestId)).toMatchObject([{ topic: 'transfer.failed', payload: { code: type } }]);
    });

    it('across enterprises', async () => {
      const other = await fundedEnterprise(h.db, [10_00n]);
      const err = await rejection(result((await startWorkflow(ent, 'transfer', A, other.members[0]!, '1.00')).workflowId));
      expect(failureChain(err)).toEqual(['WorkflowFailedError', 'ApplicationFailure:CROSS_ENTERPRISE']);
      // To an admin of either enterprise the other's accounts do not exist: refused before anything starts.
      expect(await rejection(transfer(ent, A, other.members[0]!, '1.00'))).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
      expect(await rejection(transfer(other, A, B, '1.00'))).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', details: { accountId: A } });
      expect(await brokenInvariants(h.db, [ent.id, other.id])).toEqual([]);
    });

    it('from anyone but an enterprise admin, before anything starts', async () => {
      const member = { ...admin(ent.id, A), role: 'member' as const };
      const refused = await rejection(startTransfer(h.deps, { principal: member, requestId: freshId('t'), fromAccountId: A, toAccountId: B, amount: '1.00' }));
      expect(refused).toBeInstanceOf(UamError);
      expect(refused).toMatchObject({ code: 'FORBIDDEN' });
      expect(await rejection(transfer(ent, A, B, '1.001'))).toMatchObject({ code: 'INVALID_AMOUNT' });
      expect(await rejection(transfer(ent, A, B, '1.00', 'bad id!'))).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });

  it('hides a movement from another enterprise’s admin', async () => {
    const ent = await fundedEnterprise(h.db, [10_00n, 0n]);
    await topUp(h.db, { key: freshId('top'), accountId: ent.members[0]!, amount: 1n, actor: 'test' });
    const t = await transfer(ent, ent.members[0]!, ent.members[1]!, '1.00');
    const outsider = admin(ent.id + 1_000_000);
    expect(await rejection(movementStatus(h.deps, { principal: outsider, kind: 'transfer', requestId: t.requestId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await movementOutcome(h.deps, { principal: ent.admin, kind: 'transfer', requestId: t.requestId })).toMatchObject({ stage: 'completed' });
  });
});
