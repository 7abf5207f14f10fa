import { describe, expect, it } from 'vitest';
import { fundingLoop, planTopUp } from '../../domain/funding';

const policy = { floor: 100_00n, target: 300_00n };

describe('what a funding policy moves', () => {
  it('nothing at or above the floor', () => {
    expect(planTopUp(policy, { available: 100_00n, capLeft: 1000_00n, fundingMaximum: 1000_00n })).toEqual({ action: 'none', available: 100_00n });
  });

  it('up to the target, the day\'s cap or what the funding account may send, whichever is least', () => {
    expect(planTopUp(policy, { available: 99_99n, capLeft: 1000_00n, fundingMaximum: 1000_00n })).toMatchObject({ action: 'top_up', amount: 200_01n, limitedBy: 'target' });
    expect(planTopUp(policy, { available: -50_00n, capLeft: 120_00n, fundingMaximum: 1000_00n })).toMatchObject({ action: 'top_up', amount: 120_00n, limitedBy: 'daily_cap' });
    expect(planTopUp(policy, { available: 0n, capLeft: 1000_00n, fundingMaximum: 7_50n })).toMatchObject({ action: 'top_up', amount: 7_50n, limitedBy: 'funding' });
  });

  it('is blocked, saying why, when the cap is used up or the funding account has nothing to send', () => {
    expect(planTopUp(policy, { available: 0n, capLeft: 0n, fundingMaximum: 1000_00n })).toMatchObject({ action: 'blocked', reason: 'daily_cap_reached' });
    expect(planTopUp(policy, { available: 0n, capLeft: 500_00n, fundingMaximum: 0n })).toMatchObject({ action: 'blocked', reason: 'funding_short' });
  });
});

describe('loops of policies', () => {
  it('finds two or more policies feeding each other, and none in a tree', () => {
    expect(fundingLoop([{ funding: 1, member: 2 }, { funding: 1, member: 3 }, { funding: 3, member: 4 }])).toBeNull();
    expect(fundingLoop([{ funding: 1, member: 2 }, { funding: 2, member: 1 }])).toEqual([1, 2]);
    expect(fundingLoop([{ funding: 1, member: 2 }, { funding: 2, member: 3 }, { funding: 3, member: 1 }])).toEqual([1, 2, 3]);
  });
});
