import { describe, expect, it } from 'vitest';
import { nextReadIn } from '../../console/src/screens/applications/reading';
import { percentText, sharePermille } from '../../console/src/screens/enterprise-credit/share';

describe('console credit screens: bar widths and when an application is read again', () => {
  it("draws each member's share from the digits of the amounts, exactly to the tenth of a percent", () => {
    expect(sharePermille('3000.00', '12000.00')).toBe(250);
    expect(percentText(sharePermille('0.01', '3.00'))).toBe('0.3%');
    // Amounts a float would round: 1/3 of 10^14 yuan and a fen.
    expect(percentText(sharePermille('33333333333333.34', '100000000000000.01'))).toBe('33.3%');
    expect(sharePermille('5', '0')).toBe(0);
    expect(sharePermille('12', '10')).toBe(1000);
  });

  it('reads again just after the next deadline, every second while taking effect, never once it has ended', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    const at = (ms: number) => new Date(now + ms).toISOString();
    expect(nextReadIn({ stage: 'taking_effect' }, now)).toBe(1000);
    expect(nextReadIn({ stage: 'awaiting_contract', deadlines: { contract: at(7000), nextReminder: at(2000) } }, now)).toBe(3000);
    expect(nextReadIn({ stage: 'awaiting_review', deadlines: { review: at(14 * 86_400_000) } }, now)).toBe(60_000);
    expect(nextReadIn({ stage: 'awaiting_contract', deadlines: { contract: at(-5000) } }, now)).toBe(1000);
    expect(nextReadIn({ stage: 'in_force', deadlines: {} }, now)).toBe(false);
    expect(nextReadIn(undefined, now)).toBe(false);
  });
});
