import { checkDate, checkEffective, eighteenthBirthday, fileBirthDate, holdingOn, keptBirth, monthEnd } from './file-rules.js';

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

describe('what is kept of a birth date', () => {
  it.each([
    ['with an ID number: the month only', '2015-03-08', true, { birthMonth: '2015-03-01', birthDay: null }],
    ['without one: the month and the day', '2015-03-08', false, { birthMonth: '2015-03-01', birthDay: 8 }],
    ['29 February, no ID number', '2016-02-29', false, { birthMonth: '2016-02-01', birthDay: 29 }],
  ] as const)('%s', (_n, birthDate, hasId, kept) => {
    expect(keptBirth(birthDate, hasId)).toEqual(kept);
  });

  it.each([
    ['read from the ID number', { birthMonth: '2015-03-01', birthDay: null }, '52010220150308123X', '2015-03-08'],
    ['the kept day', { birthMonth: '2015-03-01', birthDay: 8 }, null, '2015-03-08'],
    ['a one-digit day, padded', { birthMonth: '2016-11-01', birthDay: 3 }, null, '2016-11-03'],
  ] as const)('the full file: %s', (_n, kept, id, shown) => {
    expect(fileBirthDate(kept, id)).toBe(shown);
  });
});
