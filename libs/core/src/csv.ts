/**
 * One CSV field for people who open the file in a spreadsheet: quoted when it
 * holds a comma, quote or line break, and neutralised when it would start a
 * formula (=, +, -, @, a tab or a carriage return first: a unit named
 * `=HYPERLINK(…)` must stay text). A plain number (-3, -12.50) is left as it is.
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
