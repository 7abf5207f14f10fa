import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { creditHistory } from '../../db/ledger/history';
import { enterpriseCredit } from '../../db/ledger/queries';
import { applicationWorkflowId } from '../../domain/credit-application';
import * as credit from '../../services/credit';
import { enterpriseWithCredit, outboxFor, principal, startCreditHarness, type CreditHarness } from './harness';

const script = fileURLToPath(new URL('./crashing-worker.ts', import.meta.url));
let h: CreditHarness | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await h?.close();
});

/** Starts the worker process on the harness's task queue; resolves once it polls, with a promise of how it ends. */
async function crashingWorker(harness: CreditHarness, crashAfter: string): Promise<{ exited: Promise<string | number | null> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, TEMPORAL_ADDRESS: harness.env.address, TASK_QUEUE: harness.deps.taskQueue, DATABASE_URL: inject('databaseUrl'), CRASH_AFTER: crashAfter },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = proc;
  const exited = new Promise<string | number | null>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? code)));
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    void exited.then((how) => reject(new Error(`worker process ended before it was ready (${how})`)));
  });
  return { exited };
}

/** Attempt number of the last start of each activity in the workflow's history. */
async function attempts(harness: CreditHarness, workflowId: string): Promise<Record<string, number>> {
  const history = await harness.env.client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, string>();
  const result: Record<string, number> = {};
  for (const e of history.events ?? []) {
    if (e.activityTaskScheduledEventAttributes) scheduled.set(String(e.eventId), e.activityTaskScheduledEventAttributes.activityType?.name ?? '');
    if (e.activityTaskStartedEventAttributes) {
      const name = scheduled.get(String(e.activityTaskStartedEventAttributes.scheduledEventId)) ?? '';
      result[name] = Math.max(result[name] ?? 0, e.activityTaskStartedEventAttributes.attempt ?? 0);
    }
  }
  return result;
}

describe('a worker killed mid-workflow', () => {
  it('puts an application\'s limit in force exactly once after a restart', async () => {
    h = await startCreditHarness({ worker: false });
    const { exited } = await crashingWorker(h, 'putCreditLimitInForce');
    const ent = await enterpriseWithCredit(h.db, 500_00n);
    const app = await credit.submitApplication(h.deps, principal('account_manager'), { enterpriseId: ent.id, publicCloud: '1000.00', hybridCloud: '0', reason: 'x' });
    await credit.decideApplication(h.deps, principal('credit_reviewer'), { applicationId: app.id, approve: true, reason: 'ok' });
    const confirming = credit.confirmContract(h.deps, ent.admin, { applicationId: app.id });

    expect(await exited).toBe('SIGKILL');
    expect((await enterpriseCredit(h.db, ent.id)).total).toBe(100000n);
    // Temporal retries the activity on the new worker once its start-to-close timeout has passed (the test
    // server does not skip time while an activity is in flight).
    await h.startWorker();
    expect((await confirming).stage).toBe('in_force');
    expect(await h.env.client.workflow.getHandle(applicationWorkflowId(app.id)).result()).toMatchObject({ stage: 'in_force' });

    expect((await attempts(h, applicationWorkflowId(app.id))).putCreditLimitInForce).toBe(2);
    expect((await creditHistory(h.db, { enterpriseId: ent.id }, { limit: 10 })).map((c) => c.newLimit)).toEqual([100000n, 50000n]);
    expect(await h.db('ledger_transactions').where({ idempotency_key: `${applicationWorkflowId(app.id)}:set-total` })).toHaveLength(1);
    expect((await outboxFor(h.db, { enterpriseId: ent.id }, 'credit.enterprise_changed')).map((r) => r.payload.newLimit)).toEqual(['50000', '100000']);
    expect(await outboxFor(h.db, { applicationId: app.id }, 'credit.application_decided')).toHaveLength(1);
    expect(await outboxFor(h.db, { applicationId: app.id }, 'credit.contract_pending')).toHaveLength(1);
  });

  it('answers a member-limit request once, with the first change, after a restart', async () => {
    h = await startCreditHarness({ worker: false });
    const { exited } = await crashingWorker(h, 'changeMemberCreditLimit');
    const ent = await enterpriseWithCredit(h.db, 1000_00n);
    const m1 = ent.members[0]!;
    const changing = credit.changeMemberLimit(h.deps, ent.admin, { requestId: 'crash-1', accountId: m1, delta: '250.00', reason: 'x' });

    expect(await exited).toBe('SIGKILL');
    await h.startWorker();
    const result = await changing;
    expect(result).toMatchObject({ replayed: true, changes: [{ accountId: m1, oldLimit: '0', newLimit: '25000' }] });
    expect(await creditHistory(h.db, { enterpriseId: ent.id, accountId: m1 }, { limit: 10 })).toHaveLength(1);
    expect(await outboxFor(h.db, { enterpriseId: ent.id }, 'credit.member_changed')).toHaveLength(1);
    expect(await enterpriseCredit(h.db, ent.id)).toMatchObject({ assigned: 25000n });
  });
});
