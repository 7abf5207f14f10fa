import { describe, expect, it } from 'vitest';
import { compareYuan, formatYuan, sumYuan, toAmount } from '../../console/src/components/money';

describe('console money helpers (string operations, never a float)', () => {
  it('formats API amounts with the yuan sign, thousands and two places', () => {
    expect(formatYuan('12345.67')).toBe('¥12,345.67');
    expect(formatYuan('1234567890123.5')).toBe('¥1,234,567,890,123.50');
    expect(formatYuan('0')).toBe('¥0.00');
    expect(formatYuan('-3.00')).toBe('-¥3.00');
    expect(formatYuan('999')).toBe('¥999.00');
    // 0.1 + 0.2 style amounts keep every fen: no float in between
    expect(formatYuan('9007199254740993.01')).toBe('¥9,007,199,254,740,993.01');
  });

  it('turns what a person types into the API strict decimal', () => {
    expect(toAmount('1,000.50')).toEqual({ ok: true, value: '1000.50' });
    expect(toAmount('1000')).toEqual({ ok: true, value: '1000.00' });
    expect(toAmount(' ¥ 12,345,678.9 ')).toEqual({ ok: true, value: '12345678.90' });
    expect(toAmount('.5')).toEqual({ ok: true, value: '0.50' });
    expect(toAmount('007')).toEqual({ ok: true, value: '7.00' });
    expect(toAmount('0', { allowZero: true })).toEqual({ ok: true, value: '0.00' });
  });

  it('says why something cannot be an amount', () => {
    expect(toAmount('')).toEqual({ ok: false, problem: 'empty' });
    expect(toAmount('abc')).toEqual({ ok: false, problem: 'format' });
    expect(toAmount('1,00.5')).toEqual({ ok: false, problem: 'format' });
    expect(toAmount('1e3')).toEqual({ ok: false, problem: 'format' });
    expect(toAmount('1.234')).toEqual({ ok: false, problem: 'places' });
    expect(toAmount('-5')).toEqual({ ok: false, problem: 'negative' });
    expect(toAmount('0.00')).toEqual({ ok: false, problem: 'zero' });
    expect(toAmount('1000000000000000')).toEqual({ ok: false, problem: 'tooLarge' });
    expect(toAmount('999999999999999.99')).toEqual({ ok: true, value: '999999999999999.99' });
  });

  it('adds up signed amounts exactly, beyond what a float holds', () => {
    expect(sumYuan([[1, '380.00'], [1, '300'], [1, '0.5'], [-1, '100.00'], [-1, '50.00'], [-1, '30.00']])).toBe('500.50');
    expect(sumYuan([[1, '0.10'], [1, '0.20']])).toBe('0.30');
    expect(sumYuan([[1, '9007199254740993.01'], [-1, '0.02']])).toBe('9007199254740992.99');
    expect(sumYuan([[1, '1.00'], [-1, '3.25']])).toBe('-2.25');
    expect(sumYuan([])).toBe('0.00');
  });

  it('compares amounts by their digits', () => {
    expect(compareYuan('100.00', '99.99')).toBe(1);
    expect(compareYuan('0.10', '0.1')).toBe(0);
    expect(compareYuan('-1', '0')).toBe(-1);
  });
});
