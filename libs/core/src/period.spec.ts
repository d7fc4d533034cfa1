import { InputError } from './errors.js';
import { addMonths, dateToPeriod, hasEnded, parsePeriod, periodToDate } from './period.js';

describe('periods', () => {
  it.each(['2026-10', '1999-01', '2026-12'])('accepts %s', (p) => {
    expect(() => parsePeriod(p)).not.toThrow();
  });

  it.each(['2026-13', '2026-00', '2026-1', '26-10', '2026/10', '2026-10-01', '', ' 2026-10'])('rejects %j', (p) => {
    expect(() => parsePeriod(p)).toThrow(InputError);
  });

  it.each([
    ['2026-10', 1, '2026-11'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', -15, '2024-12'],
    ['2026-03', 0, '2026-03'],
  ])('addMonths(%s, %i) = %s', (p, d, out) => {
    expect(addMonths(p, d)).toBe(out);
  });

  it('converts to and from first-of-month dates', () => {
    expect(periodToDate('2026-02')).toBe('2026-02-01');
    expect(dateToPeriod('2026-02-01')).toBe('2026-02');
  });

  it.each([
    ['2026-10', '2026-10-31T15:59:59Z', false], // 23:59:59 in Beijing on the last day
    ['2026-10', '2026-10-31T16:00:00Z', true], // 00:00 on 1 November in Beijing
    ['2026-11', '2026-10-31T16:00:00Z', false],
  ])('hasEnded(%s) at %s is %s (months end in China time)', (p, at, ended) => {
    expect(hasEnded(p, new Date(at))).toBe(ended);
  });
});
