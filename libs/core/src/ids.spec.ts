import { InputError } from './errors.js';
import { isUuid, parseId, parseUuid, parseWholeId } from './ids.js';

describe('ids', () => {
  it.each([
    ['1', 'integer', 1],
    ['2147483647', 'integer', 2_147_483_647],
    [42, 'integer', 42],
    ['2147483648', 'bigint', 2_147_483_648],
    ['9007199254740991', 'bigint', 9_007_199_254_740_991],
  ] as const)('%j is the %s id %p', (input, column, id) => {
    expect(parseWholeId(input, 'id', column)).toBe(id);
  });

  it.each([
    ['99999999999999999999', 'integer'],
    ['2147483648', 'integer'],
    ['9007199254740992', 'bigint'],
    ['9223372036854775808', 'bigint'],
    ['0', 'integer'],
    ['-1', 'integer'],
    ['007', 'integer'],
    ['1e3', 'integer'],
    ['0x10', 'integer'],
    ['1.5', 'integer'],
    [' 7', 'integer'],
    ['７', 'integer'],
    ['', 'integer'],
    ['abc', 'bigint'],
    [1e20, 'integer'],
    [-1, 'bigint'],
    [1.5, 'bigint'],
    [null, 'integer'],
    [{}, 'integer'],
  ] as const)('refuses %j as an id (%s column), naming the field', (input, column) => {
    expect(() => parseWholeId(input, 'ids', column)).toThrow(InputError);
    expect(() => parseWholeId(input, 'ids', column)).toThrow(/^ids: an id is a whole number from 1 to \d+, written in digits, got /);
    try {
      parseWholeId(input, 'ids', column);
    } catch (e) {
      expect((e as InputError).details).toEqual({ field: 'ids' });
      expect((e as InputError).reason).toBe('INVALID_ID');
    }
  });

  it.each([
    ['0f8fad5b-d9cb-469f-a165-70867728950e', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['0F8FAD5B-D9CB-469F-A165-70867728950E', '0f8fad5b-d9cb-469f-a165-70867728950e'],
  ])('%j is the UUID %s', (input, id) => {
    expect(isUuid(input)).toBe(true);
    expect(parseUuid(input, 'id')).toBe(id);
    expect(parseId(input, 'id', 'uuid')).toBe(id);
  });

  it.each(['', 'not-a-uuid', '0f8fad5b-d9cb-469f-a165-70867728950', '0f8fad5b-d9cb-469f-a165-70867728950e0', '0f8fad5g-d9cb-469f-a165-70867728950e', '{0f8fad5b-d9cb-469f-a165-70867728950e}', '0f8fad5bd9cb469fa16570867728950e', '12'])(
    'refuses %j as a UUID, naming the field',
    (input) => {
      expect(isUuid(input)).toBe(false);
      expect(() => parseUuid(input, 'childId')).toThrow(/^childId: an id is a UUID/);
    },
  );
});
