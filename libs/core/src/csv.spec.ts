import { csvCell } from './csv.js';

describe('csvCell', () => {
  it.each<[string, string, string]>([
    ['plain text', '南明区', '南明区'],
    ['a code', '520102000000', '520102000000'],
    ['a negative amount stays a number', '-12.50', '-12.50'],
    ['a negative whole number', '-3', '-3'],
    ['a formula', '=1+2', "'=1+2"],
    ['a formula with a comma is neutralised, then quoted', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a plus', '+1+2', "'+1+2"],
    ['a minus that is not a number', '-2+cmd|', "'-2+cmd|"],
    ['an at sign', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab', '\t=1', "'\t=1"],
    ['a leading carriage return', '\r=1', `"'\r=1"`],
    ['a comma', 'a,b', '"a,b"'],
    ['a quote', 'say "hi"', '"say ""hi"""'],
    ['an equals sign later', 'a=b', 'a=b'],
  ])('%s', (_what, input, output) => {
    expect(csvCell(input)).toBe(output);
  });
});
