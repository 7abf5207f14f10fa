import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { UamError } from '../../core/errors';
import { creditHistory } from '../../db/ledger/history';
import { enterpriseCredit } from '../../db/ledger/queries';
import { enterpriseCreditWorkflowId } from '../../domain/credit-application';
import * as credit from '../../services/credit';
import { changeMemberLimitUpdate, enterpriseCredit as enterpriseCreditWorkflow } from '../../workflows/enterprise-credit';
import { EnterpriseId, Stage } from '../../workflows/search-attributes';
import { brokenInvariants } from '../ledger/invariants';
import { enterpriseWithCredit, outboxFor, refusal, useCreditHarness } from './harness';

const h = useCreditHarness();

const limitOf = async (accountId: number) => (await h.db('accounts').where({ id: accountId }).first('credit_limit')).credit_limit as bigint;

describe('member credit limits', () => {
  it('sets, raises, lowers and moves limits, each with its change records and messages', async () => {
    const ent = await enterpriseWithCredit(h.db, 1000_00n);
    const [m1, m2] = ent.members as [number, number];
    const change = (input: Omit<credit.ChangeLimitInput, 'reason'>) => credit.changeMemberLimit(h.deps, ent.admin, { reason: 'budget', ...input });

    expect((await change({ accountId: m1, newLimit: '600.00' })).changes).toEqual([{ accountId: m1, oldLimit: '0', newLimit: '60000' }]);
    expect((await change({ accountId: m1, delta: '150.00' })).changes).toEqual([{ accountId: m1, oldLimit: '60000', newLimit: '75000' }]);
    expect((await change({ accountId: m1, delta: '-100.00' })).changes).toEqual([{ accountId: m1, oldLimit: '75000', newLimit: '65000' }]);
    const moved = await credit.moveMemberLimit(h.deps, ent.admin, { fromAccountId: m1, toAccountId: m2, amount: '200.00', reason: 'rebalance' });
    expect(moved.changes).toEqual([
      { accountId: m1, oldLimit: '65000', newLimit: '45000' },
      { accountId: m2, oldLimit: '0', newLimit: '20000' },
    ]);

    expect([await limitOf(m1), await limitOf(m2)]).toEqual([45000n, 20000n]);
    expect(await enterpriseCredit(h.db, ent.id)).toMatchObject({ total: 100000n, assigned: 65000n, available: 35000n });
    expect((await creditHistory(h.db, { enterpriseId: ent.id, accountId: m1 }, { limit: 10 })).map((c) => [c.oldLimit, c.newLimit, c.actor]))
      .toEqual([[65000n, 45000n, `principal:${ent.admin.id}:${ent.admin.name}`], [75000n, 65000n, expect.any(String)], [60000n, 75000n, expect.any(String)], [0n, 60000n, expect.any(String)]]);
    expect(await outboxFor(h.db, { enterpriseId: ent.id }, 'credit.member_changed')).toHaveLength(5);

    const attributes = (await h.env.client.workflow.getHandle(enterpriseCreditWorkflowId(ent.id)).describe()).typedSearchAttributes;
    expect([attributes.get(EnterpriseId), attributes.get(Stage)]).toEqual([String(ent.id), 'serving']);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });

  it('never assigns above the enterprise available quota', async () => {
    const ent = await enterpriseWithCredit(h.db, 1000_00n);
    const over = await refusal(credit.changeMemberLimit(h.deps, ent.admin, { accountId: ent.members[0]!, newLimit: '1000.01', reason: 'x' }));
    expect(over).toMatchObject({ code: 'CREDIT_EXCEEDS_AVAILABLE', status: 422, details: { maximum: '100000' } });
    expect(await enterpriseCredit(h.db, ent.id)).toMatchObject({ assigned: 0n });
    expect(await outboxFor(h.db, { enterpriseId: ent.id }, 'credit.member_changed')).toEqual([]);
  });

  it('refuses a decrease that would stop the account unless the caller accepts it', async () => {
    const ent = await enterpriseWithCredit(h.db, 1000_00n);
    const [m1, m2] = ent.members as [number, number];
    await credit.changeMemberLimit(h.deps, ent.admin, { accountId: m1, newLimit: '500.00', reason: 'start' });

    const beyond = await refusal(credit.changeMemberLimit(h.deps, ent.admin, { accountId: m1, delta: '-500.01', reason: 'x' }));
    // Without acceptStop the most it may be lowered is what keeps it running, as the preview says.
    expect(beyond).toMatchObject({ code: 'CREDIT_DECREASE_EXCEEDS_LIMIT', details: { maximum: '49999', limitedBy: 'would_stop' } });
    const stop = await refusal(credit.changeMemberLimit(h.deps, ent.admin, { accountId: m1, newLimit: '0', reason: 'x' }));
    expect(stop).toMatchObject({ code: 'WOULD_STOP_ACCOUNT', details: { availableAfter: '0' } });
    const moveStop = await refusal(credit.moveMemberLimit(h.deps, ent.admin, { fromAccountId: m1, toAccountId: m2, amount: '500.00', reason: 'x' }));
    expect(moveStop).toMatchObject({ code: 'WOULD_STOP_ACCOUNT' });
    expect(await limitOf(m1)).toBe(50000n);

    await credit.changeMemberLimit(h.deps, ent.admin, { accountId: m1, newLimit: '0', acceptStop: true, reason: 'stop it' });
    expect(await h.db('accounts').where({ id: m1 }).first('credit_limit', 'status')).toEqual({ credit_limit: 0n, status: 'stopped' });
    expect(await outboxFor(h.db, { enterpriseId: ent.id }, 'account.stopped')).toMatchObject([{ payload: { accountId: m1 } }]);
  });

  it('answers a repeated request id with the first result and changes nothing twice', async () => {
    const ent = await enterpriseWithCredit(h.db, 1000_00n);
    const m1 = ent.members[0]!;
    const input = { requestId: 'req-1', accountId: m1, newLimit: '300.00', reason: 'once' };
    const first = await credit.changeMemberLimit(h.deps, ent.admin, input);
    const again = await credit.changeMemberLimit(h.deps, ent.admin, input);
    expect(again).toEqual(first);
    const reused = await refusal(credit.moveMemberLimit(h.deps, ent.admin, { requestId: 'req-1', fromAccountId: m1, toAccountId: ent.members[1]!, amount: '1.00', reason: 'x' }));
    expect(reused).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await creditHistory(h.db, { enterpriseId: ent.id, accountId: m1 }, { limit: 10 })).toHaveLength(1);
  });

  it('serializes concurrent requests for one enterprise without ever over-assigning', async () => {
    const ent = await enterpriseWithCredit(h.db, 1000_00n, 4);
    const requests = Array.from({ length: 20 }, (_, i) =>
      credit.changeMemberLimit(h.deps, ent.admin, { accountId: ent.members[i % 4]!, delta: '100.00', reason: `r${i}` }).then(() => 'ok', (e: UamError) => e.code));
    const outcomes = await Promise.all(requests);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'CREDIT_EXCEEDS_AVAILABLE')).toHaveLength(10);
    const limits = await Promise.all(ent.members.map(limitOf));
    expect(limits.reduce((a, b) => a + b, 0n)).toBe(100000n);
    expect(await enterpriseCredit(h.db, ent.id)).toMatchObject({ assigned: 100000n, available: 0n });
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });

  it('continues as new after its request budget and keeps serving', async () => {
    const ent = await enterpriseWithCredit(h.db, 1000_00n);
    const first = await h.env.client.workflow.start(enterpriseCreditWorkflow, {
      workflowId: enterpriseCreditWorkflowId(ent.id), taskQueue: h.deps.taskQueue, args: [{ enterpriseId: ent.id, maxRequests: 2 }],
    });
    for (let i = 0; i < 5; i++) await credit.changeMemberLimit(h.deps, ent.admin, { accountId: ent.members[0]!, delta: '10.00', reason: `r${i}` });
    expect(await limitOf(ent.members[0]!)).toBe(5000n);
    const current = await h.env.client.workflow.getHandle(enterpriseCreditWorkflowId(ent.id)).describe();
    expect(current.runId).not.toBe(first.firstExecutionRunId);
    expect(current.status.name).toBe('RUNNING');
  });

  it('fails the update, not the workflow, with the ledger code as the failure type', async () => {
    const ent = await enterpriseWithCredit(h.db, 100n);
    const op = new WithStartWorkflowOperation(enterpriseCreditWorkflow, {
      workflowId: enterpriseCreditWorkflowId(ent.id), taskQueue: h.deps.taskQueue, args: [{ enterpriseId: ent.id }], workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const err = await h.env.client.workflow.executeUpdateWithStart(changeMemberLimitUpdate, {
      args: [{ requestId: 'r', accountId: ent.members[0]!, delta: '101', actor: 'test', reason: 'x' }], startWorkflowOperation: op,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const activity = (err as WorkflowUpdateFailedError).cause;
    expect(activity).toBeInstanceOf(ActivityFailure);
    expect(activity?.cause).toBeInstanceOf(ApplicationFailure);
    expect(activity?.cause).toMatchObject({ type: 'CREDIT_EXCEEDS_AVAILABLE', nonRetryable: true });
    expect((await (await op.workflowHandle()).describe()).status.name).toBe('RUNNING');
  });
});
