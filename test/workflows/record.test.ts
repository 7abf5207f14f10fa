/**
 * Records the workflow histories that test/workflows/replay.test.ts replays: `npm run histories:record` (skipped
 * in a normal run). Re-record only on purpose — after a change to a workflow that must not be replayed against
 * the old code (nothing in flight), never to make the replay test pass.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { repoFile } from '../../core/files';
import { createLogger } from '../../core/logger';
import { createDb } from '../../db/connection';
import { setEnterpriseCredit, topUp } from '../../db/ledger/operations';
import { DAY_MS, applicationWorkflowId, enterpriseCreditWorkflowId } from '../../domain/credit-application';
import { confirmContract, decideApplication, submitApplication } from '../../services/credit-applications';
import { changeMemberLimit, moveMemberLimit } from '../../services/member-limits';
import { batchOutcome, decideMovement, movementOutcome, movementStatus } from '../../services/transfer-status';
import { startBatchTransfer, startTransfer, startWithdrawal } from '../../services/transfers';
import { createQueues } from '../../queues/queues';
import { installTemporalRuntime } from '../../workers/temporal-runtime';
import { bundleWorkflows, createTemporalWorker, type TemporalWorker } from '../../workers/temporal-worker';
import { createFundingPolicy } from '../../services/funding-policies';
import { fundingSweepWorkflowId, fundingTopUpWorkflowId } from '../../domain/funding';
import { fundingScanWorkflow, fundingSweepWorkflow, fundingTopUpWorkflow } from '../../workflows/funding';
import { monthEndClose } from '../../workflows/month-end-close';
import { smokeWorkflow } from '../../workflows/smoke';
import { principal } from '../credit/harness';
import { createTestEnterprise, createTimeSkippingEnv, freshId, testConfig } from '../support';

export const HISTORIES_DIR = repoFile('test', 'workflows', 'histories');

const config = testConfig();
const db = createDb(config);
const queues = createQueues(config);
let env: TestWorkflowEnvironment;
let worker: TemporalWorker;
const taskQueue = freshId('record');

/** Writes the history of a workflow in Temporal's JSON form (what the Web UI downloads), as the replay test reads it. */
async function save(name: string, workflowId: string): Promise<void> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  writeFileSync(`${HISTORIES_DIR}/${name}.json`, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 1)}\n`);
}

const deps = () => ({ db, temporal: env.client, taskQueue });
const yuan = (n: number) => BigInt(n) * 100n;

describe.runIf(process.env.RECORD_HISTORIES === '1')('record workflow histories for the replay test', () => {
  beforeAll(async () => {
    installTemporalRuntime(config, createLogger(config));
    mkdirSync(HISTORIES_DIR, { recursive: true });
    env = await createTimeSkippingEnv();
    worker = await createTemporalWorker({
      config, connection: env.nativeConnection, taskQueue, workflowBundle: await bundleWorkflows(),
      activities: createActivities({ config, db, queues, logger: createLogger(config) }),
    });
    void worker.run();
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
    await queues.close();
    await db.destroy();
  });

  it('smoke', async () => {
    const runId = freshId('smoke');
    await env.client.workflow.execute(smokeWorkflow, { taskQueue, workflowId: `smoke-${runId}`, args: [{ runId, waitMs: 60_000 }] });
    await save('smoke', `smoke-${runId}`);
  });

  it('credit application: approved with other amounts, contract confirmed after a reminder', async () => {
    const ent = await createTestEnterprise(db);
    const manager = principal('account_manager');
    const app = await submitApplication(deps(), manager, { enterpriseId: ent.id, publicCloud: '5000', hybridCloud: '1000', reason: 'growth' });
    await decideApplication(deps(), principal('credit_reviewer'), { applicationId: app.id, approve: true, publicCloud: '4000', hybridCloud: '0', reason: 'within policy' });
    await env.sleep(3 * DAY_MS + 60_000);
    await confirmContract(deps(), principal('enterprise_admin', { enterpriseId: ent.id }), { applicationId: app.id });
    expect((await env.client.workflow.getHandle(applicationWorkflowId(app.id)).result()).stage).toBe('in_force');
    await save('credit-application-confirmed', applicationWorkflowId(app.id));
  });

  it('credit application: rejected, and one that lapsed', async () => {
    const rejected = await submitApplication(deps(), principal('account_manager'), { enterpriseId: (await createTestEnterprise(db)).id, publicCloud: '100', hybridCloud: '0', reason: 'r' });
    await decideApplication(deps(), principal('credit_reviewer'), { applicationId: rejected.id, approve: false, reason: 'no history' });
    await env.client.workflow.getHandle(applicationWorkflowId(rejected.id)).result();
    await save('credit-application-rejected', applicationWorkflowId(rejected.id));

    const lapsing = await submitApplication(deps(), principal('account_manager'), { enterpriseId: (await createTestEnterprise(db)).id, publicCloud: '100', hybridCloud: '0', reason: 'r' });
    await decideApplication(deps(), principal('credit_reviewer'), { applicationId: lapsing.id, approve: true, reason: 'ok' });
    expect((await env.client.workflow.getHandle(applicationWorkflowId(lapsing.id)).result()).stage).toBe('lapsed');
    await save('credit-application-lapsed', applicationWorkflowId(lapsing.id));
  });

  it('enterprise credit: a member limit set, then moved', async () => {
    const ent = await createTestEnterprise(db, { members: 2 });
    await setEnterpriseCredit(db, { key: freshId('credit'), enterpriseId: ent.id, publicCloud: yuan(10_000), hybridCloud: 0n, actor: 'test', reason: 'setup' });
    const admin = principal('enterprise_admin', { enterpriseId: ent.id, accountId: ent.ma });
    await changeMemberLimit(deps(), admin, { accountId: ent.members[0]!, newLimit: '3000', reason: 'budget' });
    await moveMemberLimit(deps(), admin, { fromAccountId: ent.members[0]!, toAccountId: ent.members[1]!, amount: '1000', reason: 'rebalance' });
    await save('enterprise-credit', enterpriseCreditWorkflowId(ent.id));
  });

  // transfer.json, withdrawal.json and transfer-approved.json stay as recorded before the one-call path (patched):
  // runs started then must still replay. Drop them once none can be in flight.
  it('transfer, withdrawal, a transfer approved by a second admin, and a batch', async () => {
    const ent = await createTestEnterprise(db, { members: 3, dualControlThreshold: yuan(500) });
    const [a, b, c] = ent.members as [number, number, number];
    await topUp(db, { key: freshId('top-up'), accountId: a, amount: yuan(2_000), actor: 'test' });
    const admin = principal('enterprise_admin', { enterpriseId: ent.id, accountId: ent.ma });
    const second = principal('enterprise_admin', { enterpriseId: ent.id });
    const d = { db, temporal: env.client, taskQueue };

    const t = await startTransfer(d, { principal: admin, requestId: freshId('t'), fromAccountId: a, toAccountId: b, amount: '100' });
    await movementOutcome(d, { principal: admin, kind: 'transfer', requestId: t.requestId });
    await save('transfer-one-call', t.workflowId);

    const w = await startWithdrawal(d, { principal: admin, requestId: freshId('w'), holderAccountId: b, sourceAccountId: a, amount: '40' });
    await movementOutcome(d, { principal: admin, kind: 'withdrawal', requestId: w.requestId });
    await save('withdrawal-one-call', w.workflowId);

    const big = await startTransfer(d, { principal: admin, requestId: freshId('t'), fromAccountId: a, toAccountId: c, amount: '600' });
    const ref = { principal: second, kind: 'transfer' as const, requestId: big.requestId };
    for (let i = 0; (await movementStatus(d, ref)).stage !== 'awaiting_approval'; i++) {
      if (i > 100) throw new Error('the transfer never waited for approval');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await decideMovement(d, { ...ref, approve: true, reason: 'ok' });
    await save('transfer-approved-one-call', big.workflowId);

    const batch = await startBatchTransfer(d, { principal: admin, batchId: freshId('batch'), items: [
      { fromAccountId: a, toAccountId: b, amount: '10' }, { fromAccountId: a, toAccountId: c, amount: '20' },
    ] });
    expect((await batchOutcome(d, { principal: admin, batchId: batch.requestId })).completed).toBe(2);
    await save('batch-transfer', batch.workflowId);
  });

  it('funding policies: a top-up, a sweep and a scan', async () => {
    const ent = await createTestEnterprise(db, { members: 2 });
    const [funding, member] = ent.members as [number, number];
    await topUp(db, { key: freshId('top-up'), accountId: funding, amount: yuan(1_000), actor: 'test' });
    const admin = principal('enterprise_admin', { enterpriseId: ent.id, accountId: ent.ma });
    const policy = await createFundingPolicy(db, admin, ent.id, { fundingAccountId: funding, memberIds: [member], floor: '100', target: '300', dailyCap: '1000' });
    const topUpId = fundingTopUpWorkflowId(policy.id, member);
    expect(await env.client.workflow.execute(fundingTopUpWorkflow, { taskQueue, workflowId: topUpId, args: [{ policyId: policy.id, accountId: member }] }))
      .toMatchObject({ action: 'top_up', outcome: 'completed' });
    await save('funding-top-up', topUpId);
    const sweepId = fundingSweepWorkflowId(policy.id, '2026-11');
    await env.client.workflow.execute(fundingSweepWorkflow, { taskQueue, workflowId: sweepId, args: [{ policyId: policy.id, period: '2026-11' }] });
    await save('funding-sweep', sweepId);
    const scanId = freshId('funding-scan');
    await env.client.workflow.execute(fundingScanWorkflow, { taskQueue, workflowId: scanId, args: [] });
    await save('funding-scan', scanId);
  });

  it('month-end close', async () => {
    const workflowId = freshId('month-end-close');
    await env.client.workflow.execute(monthEndClose, { taskQueue, workflowId, args: [{ period: '1999-12' }] });
    await save('month-end-close', workflowId);
  });
});
