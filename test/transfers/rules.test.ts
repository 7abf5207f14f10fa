import { describe, expect, it } from 'vitest';
import { checkMovement, type MovementParty } from '../../domain/movement-check';
import { approvalRefusal, requiresApproval, type MovementInput } from '../../domain/transfers';

const starter = { id: 1, name: 'first admin', role: 'enterprise_admin' as const, enterpriseId: 7 };
const input: MovementInput = { kind: 'transfer', requestId: 'r1', enterpriseId: 7, fromAccountId: 10, toAccountId: 11, amount: '5000', startedBy: starter };
const party = (accountId: number, over: Partial<MovementParty> = {}): MovementParty =>
  ({ accountId, enterpriseId: 7, status: 'active', dualControlThreshold: 100n, maximum: accountId === 10 ? 5000n : null, ...over });
const code = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

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

  it('checks parties and the maximum the way the ledger will', () => {
    expect(checkMovement(input, [party(10), party(11)])).toEqual({ threshold: 100n, maximum: 5000n });
    expect(code(() => checkMovement({ ...input, amount: '5001' }, [party(10), party(11)]))).toBe('TRANSFER_EXCEEDS_MAXIMUM');
    expect(code(() => checkMovement({ ...input, kind: 'withdrawal', amount: '5001' }, [party(10), party(11)]))).toBe('WITHDRAWAL_EXCEEDS_MAXIMUM');
    expect(code(() => checkMovement({ ...input, toAccountId: 10 }, [party(10)]))).toBe('SAME_ACCOUNT');
    expect(code(() => checkMovement(input, [party(10), party(11, { enterpriseId: 8 })]))).toBe('CROSS_ENTERPRISE');
    expect(code(() => checkMovement(input, [party(10)]))).toBe('CROSS_ENTERPRISE');
    expect(code(() => checkMovement(input, [party(10, { enterpriseId: 8 }), party(11, { enterpriseId: 8 })]))).toBe('ACCOUNT_NOT_FOUND');
    expect(code(() => checkMovement(input, [party(10), party(11, { status: 'closed' })]))).toBe('ACCOUNT_CLOSED');
  });

  it('does not refuse its own funds when it runs again after its hold was placed', () => {
    const held = [party(10, { maximum: 0n }), party(11)];
    expect(code(() => checkMovement(input, held))).toBe('TRANSFER_EXCEEDS_MAXIMUM');
    expect(checkMovement(input, held, true).threshold).toBe(100n);
  });
});
