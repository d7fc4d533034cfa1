import { InputError } from './errors.js';
import { normalizeUnitCode, parseUnitCode, shortCode } from './unit-code.js';

describe('unit codes', () => {
  it.each([
    ['52', '520000000000', 1],
    ['5201', '520100000000', 2],
    ['520102', '520102000000', 3],
    ['520102001', '520102001000', 4],
    ['520102001001', '520102001001', null],
    [' 52 ', '520000000000', 1],
  ])('%j is %s (depth %p)', (input, code, depth) => {
    expect(normalizeUnitCode(input)).toBe(code);
    expect(parseUnitCode(input)).toEqual({ code, depth });
  });

  it.each(['5', '520', '52010', '5201020010011', 'abcd', '52-01', '', '５２'])('rejects %j naming the field', (input) => {
    expect(() => normalizeUnitCode(input, 'unitCode')).toThrow(InputError);
    expect(() => normalizeUnitCode(input, 'unitCode')).toThrow(/^unitCode: must be a statistical code/);
  });

  it('gives the short form at each depth', () => {
    expect([1, 2, 3, 4, 5].map((d) => shortCode('520102001001', d))).toEqual(['52', '5201', '520102', '520102001', '520102001001']);
  });
});
