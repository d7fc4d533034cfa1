import { checkDate, checkEffective, eighteenthBirthday, holdingOn, monthEnd } from './file-rules.js';

describe('holdingOn', () => {
  const spans = [
    { g: 'GREEN', validFrom: '2026-01-10', validTo: '2026-09-15' },
    { g: 'YELLOW', validFrom: '2026-09-15', validTo: '2026-11-02' },
    { g: 'RED', validFrom: '2026-11-02', validTo: null },
  ];
  it.each([
    ['2026-01-09', []],
    ['2026-01-10', ['GREEN']],
    ['2026-09-14', ['GREEN']],
    ['2026-09-15', ['YELLOW']],
    ['2026-10-31', ['YELLOW']],
    ['2026-11-02', ['RED']],
    ['2030-01-01', ['RED']],
  ])('on %s: %j', (d, grades) => {
    expect(holdingOn(spans, d).map((s) => s.g)).toEqual(grades);
  });
});

describe('dates', () => {
  it.each([
    ['2026-10', '2026-10-31'],
    ['2026-02', '2026-02-28'],
    ['2028-02', '2028-02-29'],
    ['2026-12', '2026-12-31'],
  ])('monthEnd(%s) = %s', (p, d) => expect(monthEnd(p)).toBe(d));

  it.each([
    ['2010-05-17', '2028-05-17'],
    ['2012-02-29', '2030-03-01'],
  ])('eighteenthBirthday(%s) = %s', (b, d) => expect(eighteenthBirthday(b)).toBe(d));

  it.each([['2026-02-30'], ['2026-1-01'], ['1899-12-31'], ['x']])('checkDate rejects %s naming the field', (d) => {
    expect(() => checkDate(d, 'birthDate')).toThrow(/^birthDate: a date/);
  });

  it.each([
    ['2026-12-03', null, 'may not be after today'],
    ['2026-01-01', '2026-02-01', 'may not be before the file was opened'],
  ])('checkEffective(%s, opened %s) → %s', (d, opened, message) => {
    expect(() => checkEffective(d, 'effective', opened, new Date('2026-12-02T10:00:00Z'))).toThrow(message);
  });
});
