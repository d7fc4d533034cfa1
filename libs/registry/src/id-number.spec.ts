import { idBirthDate, idCheckCharacter, idNumberProblem, maskPhone } from './id-number.js';

describe('GB 11643 check character', () => {
  it.each([
    ['11010519491231002', 'X'], // the standard's own example
    ['44052418800101001', '4'],
    ['52010220150301123', 'X'],
    ['52010220150301124', '8'],
    ['52010220150301125', '6'],
  ])('%s → %s', (first17, check) => {
    expect(idCheckCharacter(first17)).toBe(check);
  });
});

describe('idNumberProblem', () => {
  it.each([
    ['11010519491231002X', null],
    ['11010519491231002x', null],
    ['110105 19491231 002X', null],
    ['52010220150301123X', null],
    ['11010519491231002Y', 'FORMAT'],
    ['1101051949123100', 'FORMAT'],
    ['11010519491231002', 'FORMAT'],
    ['110105194912310021', 'CHECK_DIGIT'],
    ['520102201502301230', 'BIRTH_DATE'], // 30 February
    ['520102201513011230', 'BIRTH_DATE'], // month 13
    ['520102180001011230', 'BIRTH_DATE'], // before 1900
  ])('%s → %s', (id, problem) => {
    expect(idNumberProblem(id)).toBe(problem);
  });
});

describe('masks', () => {
  it.each([['52010220150301123X'], ['520102201503011230']])('ID %s carries its birth date', (id) => {
    expect(idBirthDate(id)).toBe('2015-03-01');
  });
  it.each([
    ['13812345678', '138****5678'],
    ['0851-1234567', '085*****4567'],
    ['12345', '*****'],
  ])('phone %s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});
