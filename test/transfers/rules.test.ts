import { describe, expect, it } from 'vitest';
import { approvalRefusal, requiresApproval, type MovementInput } from '../../domain/transfers';

const starter = { id: 1, name: 'first admin', role: 'enterprise_admin' as const, enterpriseId: 7 };
const input: MovementInput = { kind: 'transfer', requestId: 'r1', enterpriseId: 7, fromAccountId: 10, toAccountId: 11, amount: '5000', startedBy: starter };

describe('transfer rules', () => {
  it('asks a second admin at or above the threshold, never without one', () => {
    expect([requiresApproval(99n, 100n), requiresApproval(100n, 100n), requiresApproval(10n ** 12n, null)]).toEqual([false, true, false]);
  });

  it('lets only a different admin of the same enterprise approve', () => {
    expect(approvalRefusal({ ...starter, id: 2 }, input)).toBeNull();
    expect(approvalRefusal(starter, input)).toMatch(/second admin/);
    expect(approvalRefusal({ ...starter, id: 2, enterpriseId: 8 }, input)).toMatch(/same enterprise/);
    expect(approvalRefusal({ ...starter, id: 2, role: 'credit_reviewer' }, input)).toMatch(/enterprise admin/);
  });
});
