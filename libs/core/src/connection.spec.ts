import { InputError } from './errors.js';
import { checkPageSize, decodeCursor, encodeCursor } from './connection.js';

describe('page arguments', () => {
  it.each([
    [undefined, 20],
    [null, 20],
    [1, 1],
    [100, 100],
  ])('first=%p gives %i', (first, size) => {
    expect(checkPageSize(first)).toBe(size);
  });

  it.each([0, -1, 101, 1.5, 10_000])('first=%p is refused with the limit named', (first) => {
    expect(() => checkPageSize(first)).toThrow(InputError);
    expect(() => checkPageSize(first)).toThrow('first: must be an integer from 1 to 100');
  });

  it('round-trips cursors and refuses forged ones', () => {
    expect(decodeCursor(encodeCursor(['520100000000', 2]))).toEqual(['520100000000', 2]);
    expect(decodeCursor(null)).toBeUndefined();
    expect(() => decodeCursor('not-a-cursor')).toThrow(InputError);
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toThrow(InputError);
  });
});
