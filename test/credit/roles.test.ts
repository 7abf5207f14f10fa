import { describe, expect, it } from 'vitest';
import type { UamError } from '../../core/errors';
import { enterpriseCredit } from '../../db/ledger/queries';
import type { Principal, Role } from '../../domain/principal';
import * as credit from '../../services/credit';
import { enterpriseWithCredit, outboxFor, principal, useCreditHarness } from './harness';

const h = useCreditHarness();

const outcome = (p: Promise<unknown>) => p.then(() => 'done', (err: UamError) => err.code);

/** Every role except `allowed`, scoped to the enterprise where a role needs a scope. */
function others(allowed: Role, ent: { id: number; ma: number; members: number[] }): Principal[] {
  const all: Principal[] = [
    principal('account_manager'), principal('credit_reviewer'), principal('ops'),
    principal('enterprise_admin', { enterpriseId: ent.id, accountId: ent.ma }),
    principal('member', { enterpriseId: ent.id, accountId: ent.members[0]! }),
  ];
  return all.filter((p) => p.role !== allowed);
}

describe('who may act on credit', () => {
  it('refuses every role but the right one at each step, changing nothing', async () => {
    const ent = await enterpriseWithCredit(h.db, 100n);
    const manager = principal('account_manager');
    const reviewer = principal('credit_reviewer');
    const submit = (p: Principal) => credit.submitApplication(h.deps, p, { enterpriseId: ent.id, publicCloud: '100.00', hybridCloud: '0', reason: 'x' });

    for (const p of others('account_manager', ent)) expect(await outcome(submit(p))).toBe('FORBIDDEN');
    expect(await credit.listApplications(h.deps, manager, { enterpriseId: ent.id })).toEqual([]);

    const app = await submit(manager);
    for (const p of others('credit_reviewer', ent)) {
      expect(await outcome(credit.decideApplication(h.deps, p, { applicationId: app.id, approve: true, reason: 'x' }))).toBe('FORBIDDEN');
    }
    for (const p of others('account_manager', ent)) {
      expect(await outcome(credit.withdrawApplication(h.deps, p, { applicationId: app.id }))).toBe('FORBIDDEN');
    }
    expect((await credit.applicationStatus(h.deps, manager, app.id)).history.map((e) => e.event)).toEqual(['submitted']);

    await credit.decideApplication(h.deps, reviewer, { applicationId: app.id, approve: true, reason: 'ok' });
    for (const p of others('enterprise_admin', ent)) {
      expect(await outcome(credit.confirmContract(h.deps, p, { applicationId: app.id }))).toBe('FORBIDDEN');
    }
    const stranger = (await enterpriseWithCredit(h.db, 1n)).admin;
    expect(await outcome(credit.confirmContract(h.deps, stranger, { applicationId: app.id }))).toBe('APPLICATION_NOT_FOUND');
    expect(await outcome(credit.applicationStatus(h.deps, stranger, app.id))).toBe('APPLICATION_NOT_FOUND');
    expect(await credit.listApplications(h.deps, stranger)).toEqual([]);

    const status = await credit.applicationStatus(h.deps, manager, app.id);
    expect(status.stage).toBe('awaiting_contract');
    expect(status.history.map((e) => e.event)).toEqual(['submitted', 'approved', 'contract_sent']);
    expect(await h.db('enterprises').where({ id: ent.id }).first('contract_confirmed_at')).toEqual({ contract_confirmed_at: null });
    expect(await outboxFor(h.db, { applicationId: app.id }, 'credit.application_decided')).toEqual([]);
  });

  it('lets only the enterprise\'s own MA account change its members\' limits', async () => {
    const ent = await enterpriseWithCredit(h.db, 1000_00n);
    const other = await enterpriseWithCredit(h.db, 1000_00n);
    const [m1, m2] = ent.members as [number, number];
    const change = (p: Principal, accountId: number) => credit.changeMemberLimit(h.deps, p, { accountId, delta: '10.00', reason: 'x' });
    const move = (p: Principal, from: number, to: number) => credit.moveMemberLimit(h.deps, p, { fromAccountId: from, toAccountId: to, amount: '1.00', reason: 'x' });

    for (const p of others('enterprise_admin', ent)) {
      expect(await outcome(change(p, m1))).toBe('FORBIDDEN');
      expect(await outcome(move(p, m1, m2))).toBe('FORBIDDEN');
    }
    expect(await outcome(change(other.admin, m1))).toBe('ACCOUNT_NOT_FOUND');
    expect(await outcome(move(other.admin, m1, m2))).toBe('ACCOUNT_NOT_FOUND');
    expect(await outcome(move(ent.admin, m1, other.members[0]!))).toBe('ACCOUNT_NOT_FOUND');
    expect(await outcome(change(ent.admin, 2 ** 31 - 1))).toBe('ACCOUNT_NOT_FOUND');
    expect(await enterpriseCredit(h.db, ent.id)).toMatchObject({ assigned: 0n });
    expect(await enterpriseCredit(h.db, other.id)).toMatchObject({ assigned: 0n });

    expect(await outcome(change(ent.admin, m1))).toBe('done');
  });
});
