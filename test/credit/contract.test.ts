import { describe, expect, it } from 'vitest';
import { getApplication } from '../../db/credit/applications';
import { enterpriseCredit } from '../../db/ledger/queries';
import { DAY_MS, applicationWorkflowId, reminderTimes, type ApplicationTiming } from '../../domain/credit-application';
import * as credit from '../../services/credit';
import { createTestEnterprise } from '../support';
import { eventually, outboxFor, principal, useCreditHarness } from './harness';

const h = useCreditHarness();

const manager = principal('account_manager');
const reviewer = principal('credit_reviewer');

/** An approved application now waiting for its never-confirmed contract. */
async function awaitingContract(timing?: Partial<ApplicationTiming>) {
  const ent = await createTestEnterprise(h.db);
  const admin = principal('enterprise_admin', { enterpriseId: ent.id, accountId: ent.ma });
  const app = await credit.submitApplication(h.deps, manager, {
    enterpriseId: ent.id, publicCloud: '2000.00', hybridCloud: '0', reason: 'first credit line', ...(timing && { timing }),
  });
  const status = await credit.decideApplication(h.deps, reviewer, { applicationId: app.id, approve: true, reason: 'ok' });
  const notices = () => outboxFor(h.db, { applicationId: app.id }, 'credit.contract_pending');
  const remindersSent = async (n: number) =>
    eventually(async () => expect((await credit.applicationStatus(h.deps, manager, app.id)).remindersSent).toBe(n));
  return { ent, admin, app, status, notices, remindersSent, handle: h.env.client.workflow.getHandle(applicationWorkflowId(app.id)) };
}

const atOf = (history: { at: string; event: string }[], event: string) =>
  history.filter((e) => e.event === event).map((e) => Date.parse(e.at));

/** Workflow times as due, give or take the seconds the activities themselves took. */
function expectDueAt(actual: number[], due: number[]) {
  expect(actual).toHaveLength(due.length);
  actual.forEach((at, i) => expect(Math.abs(at - due[i]!)).toBeLessThan(60_000));
}

describe('contract confirmation', () => {
  it('reminds the MA account every 3 days and lapses after 30 days with nothing changed', async () => {
    const { ent, app, status, notices, remindersSent, handle } = await awaitingContract();
    expect(status.stage).toBe('awaiting_contract');
    expect(await notices()).toMatchObject([{ payload: { reminder: 0, enterpriseId: ent.id, deadline: status.deadlines.contract } }]);

    await h.env.sleep(3 * DAY_MS - 60_000);
    await remindersSent(0);
    expect(await notices()).toHaveLength(1);
    await h.env.sleep(120_000);
    await remindersSent(1);
    for (let n = 2; n <= 9; n++) {
      await h.env.sleep(3 * DAY_MS);
      await remindersSent(n);
    }
    expect((await notices()).map((r) => r.payload.reminder)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set((await notices()).map((r) => r.dedupe_key)).size).toBe(10);

    const final = await handle.result();
    expect(final.stage).toBe('lapsed');
    const [sentAt] = atOf(final.history, 'contract_sent');
    expectDueAt(atOf(final.history, 'contract_reminder'), reminderTimes(sentAt!, { reminderIntervalMs: 3 * DAY_MS, confirmWindowMs: 30 * DAY_MS }));
    expectDueAt(atOf(final.history, 'lapsed'), [sentAt! + 30 * DAY_MS]);
    expect(await outboxFor(h.db, { applicationId: app.id }, 'credit.application_decided')).toMatchObject([{ payload: { decision: 'lapsed' } }]);
    expect(await getApplication(h.db, app.id)).toMatchObject({ stage: 'lapsed', remindersSent: 9 });
    expect((await enterpriseCredit(h.db, ent.id)).total).toBe(0n);
    expect(await h.db('enterprises').where({ id: ent.id }).first('contract_confirmed_at')).toEqual({ contract_confirmed_at: null });
    expect(await notices()).toHaveLength(10);
  });

  it('stops reminding once the MA account confirms', async () => {
    const { ent, admin, app, notices, remindersSent, handle } = await awaitingContract();
    await h.env.sleep(7 * DAY_MS);
    await remindersSent(2);
    expect((await credit.confirmContract(h.deps, admin, { applicationId: app.id })).stage).toBe('in_force');
    expect(await handle.result()).toMatchObject({ stage: 'in_force', remindersSent: 2 });
    expect((await notices()).map((r) => r.payload.reminder)).toEqual([0, 1, 2]);
    expect((await enterpriseCredit(h.db, ent.id)).total).toBe(200000n);
  });

  it('takes its windows from the application', async () => {
    const { notices, handle } = await awaitingContract({ reminderIntervalMs: DAY_MS, confirmWindowMs: 5 * DAY_MS });
    const final = await handle.result();
    expect(final.stage).toBe('lapsed');
    expect((await notices()).map((r) => r.payload.reminder)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('reminderTimes', () => {
  it('falls due every interval strictly before the deadline', () => {
    expect(reminderTimes(0, { reminderIntervalMs: 3, confirmWindowMs: 9 })).toEqual([3, 6]);
    expect(reminderTimes(100, { reminderIntervalMs: 3, confirmWindowMs: 10 })).toEqual([103, 106, 109]);
    expect(reminderTimes(0, { reminderIntervalMs: 0, confirmWindowMs: 10 })).toEqual([]);
  });
});
