import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { transfer as directTransfer } from '../../db/ledger/operations';
import type { MovementKind } from '../../domain/transfers';
import { decideMovement } from '../../services/transfer-status';
import { startTransfer, startWithdrawal } from '../../services/transfers';
import { bundleWorkflows } from '../../workers/temporal-worker';
import { brokenInvariants } from '../ledger/invariants';
import { freshId } from '../support';
import { balances, fundedEnterprise, outboxOf, rejection, startTransferHarness, type TransferHarness } from './harness';

const script = fileURLToPath(new URL('./crashing-worker.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uam-transfer-crash-'));
const bundlePath = join(dir, 'workflows.js');
let h: TransferHarness | undefined;
const killers: Array<() => void> = [];

beforeAll(async () => writeFileSync(bundlePath, (await bundleWorkflows()).code));
afterEach(async () => {
  killers.splice(0).forEach((kill) => kill());
  await h?.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A worker process that SIGKILLs itself after `activity` commits; resolves once it polls. (`ended` is wrapped:
 * an async function returning a bare promise would wait for it.)
 */
async function crashingWorker(harness: TransferHarness, activity: string): Promise<{ ended: Promise<string | number | null> }> {
  const env = {
    ...process.env, TEMPORAL_ADDRESS: harness.env!.address, TASK_QUEUE: harness.deps.taskQueue, DATABASE_URL: inject('databaseUrl'),
    WORKFLOW_BUNDLE: bundlePath, CRASH_AFTER: activity,
  };
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  killers.push(() => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL'));
  const ended = new Promise<string | number | null>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? code)));
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    void ended.then((how) => reject(new Error(`worker process ended before it was ready (${how})`)));
  });
  return { ended };
}

/** How the workflow's tasks went: the killed worker's task ends timed out, the replacement's completes. */
async function workflowTaskOutcomes(workflowId: string): Promise<string[]> {
  const events = (await h!.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return events.flatMap((e) => (e.workflowTaskTimedOutEventAttributes ? ['timed out'] : e.workflowTaskFailedEventAttributes ? ['failed'] : []));
}

/** How many ledger transactions each money step of the workflow wrote. */
async function ledgerSteps(workflowId: string): Promise<Record<string, number>> {
  const rows = await h!.db('ledger_transactions').where('idempotency_key', 'like', `${workflowId}:%`).select('idempotency_key');
  return Object.fromEntries(['hold', 'post', 'void'].map((step) => [step, rows.filter((r) => r.idempotency_key === `${workflowId}:${step}`).length]));
}

describe('a worker killed right after each step, then replaced', () => {
  // moveAtOnce: the one ledger call posted it (no approval), or answered that a second admin must approve.
  const completing: Array<[string, boolean]> = [['moveAtOnce', false], ['moveAtOnce', true], ['holdMovement', true], ['postMovement', true]];

  it.each(completing)('after %s (approval needed: %s): the transfer completes, money moved once, one notification', async (activity, needsApproval) => {
    h = await startTransferHarness({ worker: false });
    const { ended } = await crashingWorker(h, activity);
    const ent = await fundedEnterprise(h.db, [100_00n, 0n], needsApproval ? { dualControlThreshold: 1n } : {});
    const [A, B] = ent.members as [number, number];
    const requestId = freshId('crash');
    const { workflowId } = await startTransfer(h.deps, { principal: ent.admin, requestId, fromAccountId: A, toAccountId: B, amount: '70.00' });

    // The post follows the approval: approve while the crashing worker runs. Else approve its replacement.
    const approving = activity === 'postMovement' ? approveWhenAsked(ent.second, 'transfer', requestId) : undefined;
    expect(await ended).toBe('SIGKILL');
    await h.startWorker(); // picks the workflow up once the lost workflow task times out (10 s, real time)
    if (needsApproval) await (approving ?? approveWhenAsked(ent.second, 'transfer', requestId));
    expect(await h.client.workflow.getHandle(workflowId).result()).toMatchObject({ stage: 'completed' });

    expect(await workflowTaskOutcomes(workflowId)).toEqual(['timed out']);
    expect(await balances(h.db, [A, B])).toEqual([{ ownCash: 30_00n, transferBook: 0n, held: 0n }, { ownCash: 0n, transferBook: 70_00n, held: 0n }]);
    expect(await ledgerSteps(workflowId)).toEqual({ hold: needsApproval ? 1 : 0, post: 1, void: 0 });
    expect((await outboxOf(h.db, requestId)).map((r) => r.topic)).toEqual(['transfer.completed']);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });

  it('after voidMovement: a rejected withdrawal leaves the funds with the holder, one failure notice', async () => {
    h = await startTransferHarness({ worker: false });
    const { ended } = await crashingWorker(h, 'voidMovement');
    const ent = await fundedEnterprise(h.db, [100_00n, 0n], { dualControlThreshold: 1n });
    const [A, B] = ent.members as [number, number];
    await directTransfer(h.db, { key: freshId('t'), fromAccountId: A, toAccountId: B, amount: 60_00n, actor: 'test' });
    const requestId = freshId('crash');
    const { workflowId } = await startWithdrawal(h.deps, { principal: ent.admin, requestId, holderAccountId: B, sourceAccountId: A, amount: '60.00' });
    const rejecting = decideWhenAsked(ent.second, 'withdrawal', requestId, false);

    expect(await ended).toBe('SIGKILL');
    await h.startWorker();
    expect(await rejecting).toMatchObject({ stage: 'failed', error: { code: 'APPROVAL_REJECTED' } });
    expect(await rejection(h.client.workflow.getHandle(workflowId).result())).toMatchObject({ cause: { type: 'APPROVAL_REJECTED' } });

    expect(await workflowTaskOutcomes(workflowId)).toEqual(['timed out']);
    expect(await balances(h.db, [A, B])).toEqual([{ ownCash: 40_00n, transferBook: 0n, held: 0n }, { ownCash: 0n, transferBook: 60_00n, held: 0n }]);
    expect(await ledgerSteps(workflowId)).toEqual({ hold: 1, post: 0, void: 1 });
    expect((await outboxOf(h.db, requestId)).map((r) => r.topic)).toEqual(['transfer.failed']);
    expect(await brokenInvariants(h.db, [ent.id])).toEqual([]);
  });
});

async function decideWhenAsked(approver: Parameters<typeof decideMovement>[1]['principal'], kind: MovementKind, requestId: string, approve: boolean) {
  for (let i = 0; ; i++) {
    try {
      return await decideMovement(h!.deps, { principal: approver, kind, requestId, approve });
    } catch (err) {
      // Not awaiting approval yet: the workflow is still on its way there.
      if (i > 300 || !(err instanceof Error && 'code' in err && err.code === 'INVALID_STATE')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const approveWhenAsked = (approver: Parameters<typeof decideMovement>[1]['principal'], kind: MovementKind, requestId: string) =>
  decideWhenAsked(approver, kind, requestId, true);
