/**
 * What starts a funding policy's top-up in production: a balance change relayed from the outbox to the alert
 * checker (which hands the accounts to the policies), and the scan schedule's workflow as the safety net.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { consume } from '../../db/ledger/operations';
import { createFundingPolicy, triggerFunding } from '../../services/funding-policies';
import { fundingScanWorkflow } from '../../workflows/funding';
import { startPipeline, type Pipeline } from '../alerts/pipeline';
import { freshId, testConfig } from '../support';
import { fundedEnterprise, startTransferHarness, type TransferHarness } from '../transfers/harness';

let h: TransferHarness;
let pipeline: Pipeline;
beforeAll(async () => {
  h = await startTransferHarness({ server: 'dev' });
  pipeline = await startPipeline(h.db, testConfig(), {
    notifier: false, onFundingDue: (accountIds) => triggerFunding(h.db, h.client, h.deps.taskQueue, accountIds),
  });
});
afterAll(async () => {
  await pipeline?.close();
  await h?.close();
});

const available = async (id: number) => BigInt((await h.db('accounts').where({ id }).first('available')).available);

describe('funding policy triggers', () => {
  it('a charge that takes a member below its floor tops it up, through the outbox and the alert checker', async () => {
    const ent = await fundedEnterprise(h.db, [1000_00n, 200_00n]);
    const [F, m] = ent.members as [number, number];
    await createFundingPolicy(h.db, ent.admin, ent.id, { fundingAccountId: F, memberIds: [m], floor: '100', target: '250', dailyCap: '1000' });
    await consume(h.db, { key: freshId('use'), accountId: m, amount: 150_00n, actor: 'test' }); // 50.00 left
    await vi.waitFor(async () => expect(await available(m)).toBe(250_00n), { timeout: 30_000, interval: 200 });
    expect(await available(F)).toBe(800_00n);
  });

  it('the scan tops up every member still below its floor, and starts nothing for those above', async () => {
    const ent = await fundedEnterprise(h.db, [1000_00n, 0n, 500_00n]);
    const [F, low, high] = ent.members as [number, number, number];
    await createFundingPolicy(h.db, ent.admin, ent.id, { fundingAccountId: F, memberIds: [low, high], floor: '100', target: '300', dailyCap: '1000' });
    const scanned = await h.client.workflow.execute(fundingScanWorkflow, { workflowId: freshId('funding-scan'), taskQueue: h.deps.taskQueue, args: [] });
    expect(scanned.topUps).toBeGreaterThanOrEqual(1);
    await vi.waitFor(async () => expect(await available(low)).toBe(300_00n), { timeout: 30_000, interval: 200 });
    expect([await available(high), await available(F)]).toEqual([500_00n, 700_00n]);
  });
});
