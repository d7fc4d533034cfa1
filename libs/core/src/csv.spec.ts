import { csvBuffer, csvCell, csvLine, csvText, type CsvValue } from './csv.js';

describe('csvCell', () => {
  it.each<[string, CsvValue, string]>([
    ['plain text', '南明区', '南明区'],
    ['a code', '520102000000', '520102000000'],
    ['a number given as a number', 42, '42'],
    ['a negative number given as a number', -3, '-3'],
    ['a negative amount stays a number', '-12.50', '-12.50'],
    ['a negative whole number', '-3', '-3'],
    ['null is an empty cell', null, ''],
    ['undefined is an empty cell', undefined, ''],
    ['a boolean', true, 'true'],
    ['a formula', '=1+2', "'=1+2"],
    ['a formula with a comma is neutralised, then quoted', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a plus', '+1+1', "'+1+1"],
    ['a minus that is not a number', '-2+3', "'-2+3"],
    ['a minus then a pipe', '-2+cmd|', "'-2+cmd|"],
    ['an at sign', '@SUM(1,1)', `"'@SUM(1,1)"`],
    ['a leading tab', '\t=1', "'\t=1"],
    ['a leading carriage return', '\r=1', `"'\r=1"`],
    ['a leading line feed', '\n=1', `"'\n=1"`],
    ['a full-width equals sign', '＝1+1', "'＝1+1"],
    ['a full-width plus', '＋1', "'＋1"],
    ['a full-width minus', '－1', "'－1"],
    ['a full-width at sign', '＠SUM(1)', "'＠SUM(1)"],
    ['a number in exponent form is not a plain number', '-1e5', "'-1e5"],
    ['a comma', 'a,b', '"a,b"'],
    ['a quote', 'say "hi"', '"say ""hi"""'],
    ['a line break inside', 'a\nb', '"a\nb"'],
    ['an equals sign later', 'a=b', 'a=b'],
    ['an empty string', '', ''],
  ])('%s', (_what, input, output) => {
    expect(csvCell(input)).toBe(output);
  });
});

describe('csvLine, csvText, csvBuffer', () => {
  it.each<[string, CsvValue[][], string]>([
    ['no rows: the byte-order mark only', [], '\uFEFF'],
    ['one row', [['a', 'b']], '\uFEFFa,b\r\n'],
    ['rows end with CRLF, the last one too', [['h1', 'h2'], ['1', null], [2, '=x']], "\uFEFFh1,h2\r\n1,\r\n2,'=x\r\n"],
    ['an empty row is an empty line', [['a'], [], ['b']], '\uFEFFa\r\n\r\nb\r\n'],
    ['Chinese text and a quoted cell', [['单位名称', '说明'], ['南明区', '甲,乙']], '\uFEFF单位名称,说明\r\n南明区,"甲,乙"\r\n'],
  ])('%s', (_what, rows, text) => {
    expect(csvText(rows)).toBe(text);
    expect(csvBuffer(rows).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('starts the bytes with the UTF-8 byte-order mark', () => {
    expect([...csvBuffer([['x']]).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('joins a line with commas, with no line end', () => {
    expect(csvLine(['a', 1, null, '+1'])).toBe("a,1,,'+1");
  });
});
