import { describe, expect, it } from 'vitest';
import { getApplication } from '../../db/credit/applications';
import { creditHistory } from '../../db/ledger/history';
import { changeMemberCredit, setEnterpriseCredit } from '../../db/ledger/operations';
import { enterpriseCredit } from '../../db/ledger/queries';
import { applicationWorkflowId } from '../../domain/credit-application';
import { actorOf } from '../../domain/principal';
import * as credit from '../../services/credit';
import { EnterpriseId, Stage } from '../../workflows/search-attributes';
import { createTestEnterprise } from '../support';
import { outboxFor, principal, refusal, useCreditHarness } from './harness';

const h = useCreditHarness();

const manager = principal('account_manager');
const reviewer = principal('credit_reviewer');

async function submitted(publicCloud = '10000.00', hybridCloud = '5000.00') {
  const ent = await createTestEnterprise(h.db);
  const admin = principal('enterprise_admin', { enterpriseId: ent.id, accountId: ent.ma });
  const app = await credit.submitApplication(h.deps, manager, { enterpriseId: ent.id, publicCloud, hybridCloud, reason: 'expansion' });
  return { ent, admin, app, handle: h.env.client.workflow.getHandle(applicationWorkflowId(app.id)) };
}


describe('credit application', () => {
  it('runs from submission through review and contract confirmation to a limit in force and a member limit', async () => {
    const { ent, admin, app, handle } = await submitted();
    expect(await credit.applicationStatus(h.deps, manager, app.id)).toMatchObject({ stage: 'awaiting_review', requested: { publicCloud: '1000000', hybridCloud: '500000' } });

    const decided = await credit.decideApplication(h.deps, reviewer, {
      applicationId: app.id, approve: true, publicCloud: '8000.00', hybridCloud: '4000.00', reason: 'within policy',
    });
    expect(decided).toMatchObject({ stage: 'awaiting_contract', approved: { publicCloud: '800000', hybridCloud: '400000' } });
    expect(decided.deadlines.contract).not.toBeNull();
    expect(await outboxFor(h.db, { applicationId: app.id }, 'credit.contract_pending')).toHaveLength(1);
    expect((await enterpriseCredit(h.db, ent.id)).total).toBe(0n);

    const confirmed = await credit.confirmContract(h.deps, admin, { applicationId: app.id });
    expect(confirmed.stage).toBe('in_force');
    expect(confirmed.history.map((e) => e.event)).toEqual(['submitted', 'approved', 'contract_sent', 'contract_confirmed', 'in_force']);
    expect(confirmed.history.find((e) => e.event === 'contract_sent')?.deadline).toBe(decided.deadlines.contract);
    expect(await enterpriseCredit(h.db, ent.id)).toMatchObject({ publicCloud: 800000n, hybridCloud: 400000n, total: 1200000n });
    const [change] = await creditHistory(h.db, { enterpriseId: ent.id }, { limit: 10 });
    expect(change).toMatchObject({ oldLimit: 0n, newLimit: 1200000n, actor: actorOf(reviewer) });
    expect(await h.db('enterprises').where({ id: ent.id }).first('contract_confirmed_by')).toEqual({ contract_confirmed_by: actorOf(admin) });
    expect(await getApplication(h.db, app.id)).toMatchObject({ stage: 'in_force', approvedPublic: 800000n, approvedHybrid: 400000n, decidedBy: actorOf(reviewer) });
    expect(await outboxFor(h.db, { applicationId: app.id }, 'credit.application_decided')).toMatchObject([
      { payload: { decision: 'approved', total: '1200000', enterpriseId: ent.id } },
    ]);
    expect(await outboxFor(h.db, { enterpriseId: ent.id }, 'credit.enterprise_changed')).toHaveLength(1);

    expect(await handle.result()).toMatchObject({ stage: 'in_force' });
    expect(await credit.listApplications(h.deps, admin)).toMatchObject([{ id: app.id, stage: 'in_force', approvedPublic: 800000n }]);
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(Stage)).toBe('in_force');
    expect(attributes.get(EnterpriseId)).toBe(String(ent.id));

    const member = ent.members[0]!;
    const result = await credit.changeMemberLimit(h.deps, admin, { accountId: member, newLimit: '3000.00', reason: 'team budget' });
    expect(result.changes).toEqual([{ accountId: member, oldLimit: '0', newLimit: '300000' }]);
    expect(await enterpriseCredit(h.db, ent.id)).toMatchObject({ assigned: 300000n, available: 900000n });
  });

  it('ends a rejected application with the reason and no change of limit', async () => {
    const { ent, app, handle } = await submitted();
    const status = await credit.decideApplication(h.deps, reviewer, { applicationId: app.id, approve: false, reason: 'insufficient history' });
    expect(status.stage).toBe('rejected');
    expect(await handle.result()).toMatchObject({ stage: 'rejected' });
    expect(await outboxFor(h.db, { applicationId: app.id }, 'credit.application_decided')).toMatchObject([
      { payload: { decision: 'rejected', reason: 'insufficient history' } },
    ]);
    expect(await getApplication(h.db, app.id)).toMatchObject({ stage: 'rejected', decidedBy: actorOf(reviewer), decisionReason: 'insufficient history' });
    expect(await creditHistory(h.db, { enterpriseId: ent.id }, { limit: 10 })).toEqual([]);
    expect(await outboxFor(h.db, { applicationId: app.id }, 'credit.contract_pending')).toEqual([]);
  });

  it('expires an application nobody decided within 14 days', async () => {
    const { ent, app, handle } = await submitted();
    await h.env.sleep('13 days');
    expect((await credit.applicationStatus(h.deps, manager, app.id)).stage).toBe('awaiting_review');
    expect(await handle.result()).toMatchObject({ stage: 'expired' });
    expect(await outboxFor(h.db, { applicationId: app.id }, 'credit.application_decided')).toMatchObject([{ payload: { decision: 'expired' } }]);
    expect(await getApplication(h.db, app.id)).toMatchObject({ stage: 'expired' });
    expect((await enterpriseCredit(h.db, ent.id)).total).toBe(0n);
    const late = await refusal(credit.decideApplication(h.deps, reviewer, { applicationId: app.id, approve: true, reason: 'late' }));
    expect(late).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('lets the account manager withdraw during review or while the contract waits, not after the limit is in force', async () => {
    const inReview = await submitted();
    expect(await credit.withdrawApplication(h.deps, manager, { applicationId: inReview.app.id, reason: 'customer asked' }))
      .toMatchObject({ stage: 'withdrawn' });
    expect(await outboxFor(h.db, { applicationId: inReview.app.id }, 'credit.application_decided')).toMatchObject([
      { payload: { decision: 'withdrawn', reason: 'customer asked' } },
    ]);

    const waiting = await submitted();
    await credit.decideApplication(h.deps, reviewer, { applicationId: waiting.app.id, approve: true, reason: 'ok' });
    expect((await credit.withdrawApplication(h.deps, manager, { applicationId: waiting.app.id })).stage).toBe('withdrawn');
    const tooLate = await refusal(credit.confirmContract(h.deps, waiting.admin, { applicationId: waiting.app.id }));
    expect(tooLate).toMatchObject({ code: 'INVALID_STATE' });
    expect((await enterpriseCredit(h.db, waiting.ent.id)).total).toBe(0n);
    expect(await waiting.handle.result()).toMatchObject({ stage: 'withdrawn' });

    const inForce = await submitted();
    await credit.decideApplication(h.deps, reviewer, { applicationId: inForce.app.id, approve: true, reason: 'ok' });
    await credit.confirmContract(h.deps, inForce.admin, { applicationId: inForce.app.id });
    const refused = await refusal(credit.withdrawApplication(h.deps, manager, { applicationId: inForce.app.id }));
    expect(refused).toMatchObject({ code: 'INVALID_STATE' });
    expect((await enterpriseCredit(h.db, inForce.ent.id)).total).toBe(1500000n);
  });

  it('does not ask a confirmed contract again: a second application takes effect on approval', async () => {
    const first = await submitted('1000.00', '0');
    await credit.decideApplication(h.deps, reviewer, { applicationId: first.app.id, approve: true, reason: 'ok' });
    await credit.confirmContract(h.deps, first.admin, { applicationId: first.app.id });

    const second = await credit.submitApplication(h.deps, manager, { enterpriseId: first.ent.id, publicCloud: '2500.00', hybridCloud: '500.00', reason: 'more' });
    const decided = await credit.decideApplication(h.deps, reviewer, { applicationId: second.id, approve: true, reason: 'ok' });
    expect(decided.stage).toBe('in_force');
    expect(decided.history.map((e) => e.event)).toEqual(['submitted', 'approved', 'contract_already_confirmed', 'in_force']);
    expect(await outboxFor(h.db, { applicationId: second.id }, 'credit.contract_pending')).toEqual([]);
    expect((await creditHistory(h.db, { enterpriseId: first.ent.id }, { limit: 10 })).map((c) => c.newLimit)).toEqual([300000n, 100000n]);
  });

  it('refuses a second open application and an approval below what members already hold', async () => {
    const { ent, admin, app } = await submitted('1000.00', '0');
    const twice = await refusal(credit.submitApplication(h.deps, manager, { enterpriseId: ent.id, publicCloud: '1.00', hybridCloud: '0', reason: 'again' }));
    expect(twice).toMatchObject({ code: 'CONFLICT' });

    await credit.decideApplication(h.deps, reviewer, { applicationId: app.id, approve: true, reason: 'ok' });
    await credit.confirmContract(h.deps, admin, { applicationId: app.id });
    await credit.changeMemberLimit(h.deps, admin, { accountId: ent.members[0]!, delta: '600.00', reason: 'budget' });
    const lower = await credit.submitApplication(h.deps, manager, { enterpriseId: ent.id, publicCloud: '500.00', hybridCloud: '0', reason: 'cut' });
    const below = await refusal(credit.decideApplication(h.deps, reviewer, { applicationId: lower.id, approve: true, reason: 'cut' }));
    expect(below).toMatchObject({ code: 'CREDIT_BELOW_ASSIGNED', details: { assigned: '60000' } });
    expect((await credit.applicationStatus(h.deps, reviewer, lower.id)).stage).toBe('awaiting_review');
  });

  it('fails, changing nothing and telling the MA account, when members came to hold more than the approved total', async () => {
    const { ent, admin, app, handle } = await submitted('100.00', '0.00');
    await credit.decideApplication(h.deps, reviewer, { applicationId: app.id, approve: true, reason: 'ok' });
    // While the contract waits, credit set by an earlier route is assigned beyond what was approved.
    await setEnterpriseCredit(h.db, { key: `test-${app.id}-total`, enterpriseId: ent.id, publicCloud: 500_00n, hybridCloud: 0n, actor: 'test', reason: 'test' });
    await changeMemberCredit(h.db, { key: `test-${app.id}-assign`, accountId: ent.members[0]!, delta: 200_00n, actor: 'test', reason: 'test' });
    const confirmed = await refusal(credit.confirmContract(h.deps, admin, { applicationId: app.id }));
    expect(confirmed).toMatchObject({ code: 'CREDIT_BELOW_ASSIGNED' });
    await expect(handle.result()).rejects.toThrow();
    expect(await enterpriseCredit(h.db, ent.id)).toMatchObject({ total: 500_00n, assigned: 200_00n });
    expect(await getApplication(h.db, app.id)).toMatchObject({ stage: 'failed' });
    expect(await outboxFor(h.db, { applicationId: app.id }, 'credit.application_decided')).toMatchObject([
      { payload: { decision: 'failed', reason: expect.stringContaining('CREDIT_BELOW_ASSIGNED') } },
    ]);
  });
});
