/**
 * Funding policies against the real ledger and Temporal (the dev server): top-ups are ordinary transfers,
 * the day's cap holds under racing triggers, a blocked policy says so once, approval applies above the
 * threshold, and the month-end sweep returns only what the members did not consume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, topUp } from '../../db/ledger/operations';
import {
  createFundingPolicy, deleteFundingPolicy, previewFundingPolicy, replaceFundingPolicy, triggerFunding,
} from '../../services/funding-policies';
import { decideMovement, movementStatus } from '../../services/transfer-status';
import { fundingTopUpWorkflowId } from '../../domain/funding';
import { fundingSweepWorkflow, type FundingTopUpResult } from '../../workflows/funding';
import { brokenInvariants } from '../ledger/invariants';
import { freshId } from '../support';
import { admin, balances, fundedEnterprise, rejection, startTransferHarness, type FundedEnterprise, type TransferHarness } from '../transfers/harness';

let h: TransferHarness;
beforeAll(async () => {
  // The real dev server: racing starts that join a running top-up (workflowIdConflictPolicy USE_EXISTING).
  h = await startTransferHarness({ server: 'dev' });
});
afterAll(async () => h?.close());

const available = async (id: number) => BigInt((await h.db('accounts').where({ id }).first('available')).available);
const blockedEvents = async (policyId: number) =>
  (await h.db('outbox').where({ topic: 'funding.blocked' }).whereRaw(`(payload->>'policyId')::int = ?`, [policyId]).select('payload')).map((r) => r.payload);

/** Triggers the policy for `accountId` and waits for the top-up workflow's result. */
async function fund(accountId: number, policyId: number): Promise<FundingTopUpResult> {
  await triggerFunding(h.db, h.client, h.deps.taskQueue, [accountId]);
  return h.client.workflow.getHandle(fundingTopUpWorkflowId(policyId, accountId)).result();
}

/** F funds members M1, M2, M3 (own cash in fen as given; F first). */
async function enterprise(cash: bigint[], threshold?: bigint): Promise<FundedEnterprise & { F: number; M: number[] }> {
  const ent = await fundedEnterprise(h.db, cash, threshold ? { dualControlThreshold: threshold } : {});
  const [F, ...M] = ent.members as number[];
  return { ...ent, F: F!, M };
}

const policyOf = (ent: { id: number; admin: FundedEnterprise['admin']; F: number }, members: number[], over: Record<string, unknown> = {}) =>
  createFundingPolicy(h.db, ent.admin, ent.id, { fundingAccountId: ent.F, memberIds: members, floor: '100', target: '300', dailyCap: '1000', ...over });

describe('funding policies', () => {
  it('top a member up to the target by an ordinary transfer when it falls below the floor', async () => {
    const ent = await enterprise([2000_00n, 150_00n]);
    const [m] = ent.M as [number];
    const policy = await policyOf(ent, [m]);
    await consume(h.db, { key: freshId('use'), accountId: m, amount: 80_00n, actor: 'test' }); // 70.00 left, below 100
    const result = await fund(m, policy.id);
    expect(result).toMatchObject({ action: 'top_up', amount: '23000', outcome: 'completed' });
    expect(await available(m)).toBe(300_00n);
    expect(await balances(h.db, [ent.F, m])).toEqual([
      { ownCash: 1770_00n, transferBook: 0n, held: 0n }, { ownCash: 70_00n, transferBook: 230_00n, held: 0n },
    ]);
    // The transfer's own record names the policy and the admin who set it.
    const requestId = (result as { requestId: string }).requestId;
    const posted = await h.db('ledger_transactions').where('idempotency_key', 'like', `transfer-e${ent.id}-${requestId}%`).first('actor');
    expect(posted.actor).toContain(`funding policy ${policy.id} (set by ${ent.admin.name})`);
    // Above the floor again, a balance change starts nothing.
    expect(await triggerFunding(h.db, h.client, h.deps.taskQueue, [m])).toBe(0);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });

  it('never move more than the daily cap, however many triggers race, and say once that the cap is reached', async () => {
    const ent = await enterprise([5000_00n, 0n, 0n, 0n]);
    const policy = await policyOf(ent, ent.M, { dailyCap: '500' }); // each member needs 300.00: 900.00 in all
    // Every member triggered several times at once.
    await Promise.all(ent.M.flatMap((m) => [1, 2, 3].map(() => triggerFunding(h.db, h.client, h.deps.taskQueue, [m]))));
    const settled = await Promise.allSettled(ent.M.map((m) => h.client.workflow.getHandle(fundingTopUpWorkflowId(policy.id, m)).result()));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const results = settled.map((s) => (s as PromiseFulfilledResult<FundingTopUpResult>).value);
    const moved = (await balances(h.db, ent.M)).reduce((sum, b) => sum + b.transferBook, 0n);
    expect(moved).toBe(500_00n);
    expect(results.filter((r) => r.action === 'blocked')).toHaveLength(1);
    expect(await blockedEvents(policy.id)).toEqual([expect.objectContaining({ reason: 'daily_cap_reached', dailyCap: '50000' })]);
    // Still blocked: not told again.
    const stillShort = ent.M.find((m, i) => results[i]!.action === 'blocked')!;
    expect(await fund(stillShort, policy.id)).toMatchObject({ action: 'blocked', told: false });
    expect(await blockedEvents(policy.id)).toHaveLength(1);
    expect((await previewFundingPolicy(h.db, ent.admin, ent.id, policy.id)).members.find((p) => p.accountId === stillShort)).toMatchObject({
      plan: { action: 'blocked', reason: 'daily_cap_reached' }, why: expect.stringContaining('daily cap of 500.00 yuan'),
    });
  });

  it('say why when the funding account has no own cash to send', async () => {
    const ent = await enterprise([0n, 0n]);
    const [m] = ent.M as [number];
    const policy = await policyOf(ent, [m]);
    expect(await fund(m, policy.id)).toMatchObject({ action: 'blocked', reason: 'funding_short', told: true });
    expect(await blockedEvents(policy.id)).toEqual([expect.objectContaining({ reason: 'funding_short', accountId: m, fundingAccountId: ent.F })]);
    // Funded again, the policy acts, and a later shortage is told anew.
    await topUp(h.db, { key: freshId('top'), accountId: ent.F, amount: 300_00n, actor: 'test' });
    expect(await fund(m, policy.id)).toMatchObject({ action: 'top_up', amount: '30000', outcome: 'completed' });
    await consume(h.db, { key: freshId('use'), accountId: m, amount: 250_00n, actor: 'test' });
    expect(await fund(m, policy.id)).toMatchObject({ action: 'blocked', reason: 'funding_short', told: true });
    expect(await blockedEvents(policy.id)).toHaveLength(2);
  });

  it('go through a second admin\'s approval at or above the enterprise\'s threshold', async () => {
    const ent = await enterprise([2000_00n, 0n], 100_00n);
    const [m] = ent.M as [number];
    const policy = await policyOf(ent, [m]);
    await triggerFunding(h.db, h.client, h.deps.taskQueue, [m]);
    const handle = h.client.workflow.getHandle(fundingTopUpWorkflowId(policy.id, m));
    const requestId = `${fundingTopUpWorkflowId(policy.id, m)}-${(await handle.describe()).runId}`;
    const ref = { principal: ent.second, kind: 'transfer' as const, requestId };
    for (let i = 0; i < 200 && (await movementStatus(h.deps, ref).catch(() => null))?.stage !== 'awaiting_approval'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The admin who set the policy started it, so another admin decides.
    expect(await rejection(decideMovement(h.deps, { ...ref, principal: ent.admin, approve: true }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await decideMovement(h.deps, { ...ref, approve: true })).toMatchObject({ stage: 'completed' });
    expect(await handle.result()).toMatchObject({ action: 'top_up', amount: '30000', outcome: 'completed' });
    expect(await available(m)).toBe(300_00n);
  });

  it('sweep back at month end only what members did not consume of what the funding account sent', async () => {
    const ent = await enterprise([1000_00n, 0n, 0n]);
    const [m1, m2] = ent.M as [number, number];
    const policy = await policyOf(ent, [m1, m2], { sweepDay: 1 });
    await fund(m1, policy.id);
    await fund(m2, policy.id);
    await consume(h.db, { key: freshId('use'), accountId: m1, amount: 120_00n, actor: 'test' });
    await topUp(h.db, { key: freshId('top'), accountId: m2, amount: 40_00n, actor: 'test' }); // m2's own cash stays with m2
    const period = freshId('2026-11').slice(0, 30);
    const swept = await h.client.workflow.execute(fundingSweepWorkflow, {
      workflowId: freshId('sweep'), taskQueue: h.deps.taskQueue, args: [{ policyId: policy.id, period }],
    });
    expect(swept.map((s) => [s.accountId, s.amount, s.outcome]).sort()).toEqual([[m1, '18000', 'completed'], [m2, '30000', 'completed']].sort());
    expect(await balances(h.db, [ent.F, m1, m2])).toEqual([
      { ownCash: 1000_00n - 600_00n + 480_00n, transferBook: 0n, held: 0n },
      { ownCash: 0n, transferBook: 0n, held: 0n },
      { ownCash: 40_00n, transferBook: 0n, held: 0n },
    ]);
    // Run again for the same period: the same claims, nothing moves twice.
    await h.client.workflow.execute(fundingSweepWorkflow, { workflowId: freshId('sweep'), taskQueue: h.deps.taskQueue, args: [{ policyId: policy.id, period }] });
    expect((await balances(h.db, [ent.F]))[0]!.ownCash).toBe(880_00n);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });
});

describe('setting funding policies', () => {
  it('refuses what cannot be a policy, naming the field', async () => {
    const ent = await enterprise([0n, 0n, 0n]);
    const [m1, m2] = ent.M as [number, number];
    const base = { fundingAccountId: ent.F, memberIds: [m1], floor: '100', target: '300', dailyCap: '1000' };
    const refusal = (input: Record<string, unknown>, principal = ent.admin) => rejection(createFundingPolicy(h.db, principal, ent.id, { ...base, ...input }));
    expect(await refusal({ target: '100' })).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'target' } });
    expect(await refusal({ dailyCap: '0' })).toMatchObject({ details: { field: 'dailyCap' } });
    expect(await refusal({ floor: '1.001' })).toMatchObject({ details: { field: 'floor' } });
    expect(await refusal({ sweepDay: 31 })).toMatchObject({ details: { field: 'sweepDay' } });
    expect(await refusal({ memberIds: [m1, ent.F] })).toMatchObject({ code: 'FUNDING_SELF', details: { field: 'memberIds' } });
    const other = await enterprise([0n, 0n]);
    expect(await refusal({ fundingAccountId: other.F })).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    expect(await refusal({}, { ...ent.admin, role: 'member' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal({}, admin(other.id))).toMatchObject({ code: 'ENTERPRISE_NOT_FOUND' });
    expect(await h.db('funding_policies').where({ enterprise_id: ent.id })).toEqual([]);

    const first = await createFundingPolicy(h.db, ent.admin, ent.id, base);
    expect(await refusal({ fundingAccountId: m2 })).toMatchObject({ code: 'FUNDING_MEMBER_TAKEN', details: { accounts: [{ accountId: m1, policyId: first.id }] } });
    // m1 funds F while F funds m1: a loop.
    expect(await refusal({ fundingAccountId: m1, memberIds: [ent.F] })).toMatchObject({ code: 'FUNDING_LOOP' });
    // Replacing a policy may keep its own members; deleting it frees them.
    expect(await replaceFundingPolicy(h.db, ent.admin, ent.id, first.id, { ...base, memberIds: [m1, m2], dailyCap: '50' })).toMatchObject({ memberIds: [m1, m2], dailyCap: 50_00n });
    await deleteFundingPolicy(h.db, ent.admin, ent.id, first.id);
    expect(await createFundingPolicy(h.db, ent.admin, ent.id, { ...base, fundingAccountId: m1, memberIds: [ent.F] })).toMatchObject({ fundingAccountId: m1 });
  });
});
