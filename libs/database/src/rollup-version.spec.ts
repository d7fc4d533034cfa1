import { formatRollupVersion, parseRollupVersion, requestedRollupVersion } from './rollup-version.js';

describe('rollup versions', () => {
  it.each([
    ['0/0', 0n],
    ['0/16B3748', 0x16b3748n],
    ['16/B374D848', (0x16n << 32n) | 0xb374d848n],
    ['FFFFFFFF/FFFFFFFF', (1n << 64n) - 1n],
    [' 1/a ', (1n << 32n) | 10n],
    ['16B3748', null],
    ['1/2/3', null],
    ['0/123456789', null],
    ['g/1', null],
    ['', null],
  ])('reads %j as %s', (text, expected) => {
    expect(parseRollupVersion(text)).toBe(expected);
  });

  it.each([['0/0'], ['0/16B3748'], ['16/B374D848'], ['FFFFFFFF/FFFFFFFF']])('writes %s back as Postgres writes it', (text) => {
    expect(formatRollupVersion(parseRollupVersion(text)!)).toBe(text);
  });

  it('orders versions as positions in the log, not as text', () => {
    expect(parseRollupVersion('1/0')! > parseRollupVersion('0/FFFFFFFF')!).toBe(true);
    expect(parseRollupVersion('0/A')! > parseRollupVersion('0/9')!).toBe(true);
  });

  it.each([
    [undefined, { version: 0n }],
    ['0/10', { version: 16n }],
    ['0/10, 0/20', { version: 32n }],
    [['0/30', '0/20'], { version: 48n }],
    ['', { version: 0n }],
    ['latest', { error: "x-carenet-rollup-version: a rollup version as the API returned it (a WAL position such as 0/16B3748), got 'latest'" }],
    ['0/10, 5', { error: "x-carenet-rollup-version: a rollup version as the API returned it (a WAL position such as 0/16B3748), got '5'" }],
  ])('takes the header %j as %j', (header, expected) => {
    expect(requestedRollupVersion(header)).toEqual(expected);
  });
});
