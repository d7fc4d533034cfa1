/**
 * The first worksheet of an XLSX workbook, read as a stream with limits: only
 * the parts it needs are unpacked (workbook, its relations, shared strings,
 * styles and that one sheet; pictures, other sheets and anything else stay
 * packed, unread), each part and the whole are bounded in unpacked size, and
 * rows and cells are counted as the sheet is parsed, so a zip bomb or a sheet
 * of a million rows is refused within moments. Cells come out as exceljs
 * would show them (numbers, text, booleans, errors, dates from date formats,
 * a formula's saved result), so the rules that read them stay the same.
 */
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FileLimitError, MAX_BLANK_LINES, openArchive, type Archive, type FileLimits } from './file-limits.js';

export interface SheetCell {
  text: string;
  num?: number;
  unreadable?: string;
}

export interface SheetRow {
  row: number;
  cells: (SheetCell | undefined)[];
}

/** Reads the XML of a part as a stream of tags. */
async function parsePart(archive: Archive, name: string, on: { open?(tag: SaxesTagPlain): void; text?(text: string): void; close?(tag: SaxesTagPlain): void }): Promise<void> {
  const parser = new SaxesParser();
  if (on.open) parser.on('opentag', on.open);
  if (on.text) parser.on('text', on.text);
  if (on.close) parser.on('closetag', on.close);
  const decoder = new StringDecoder('utf8');
  await archive.read(name, (chunk) => parser.write(decoder.write(chunk)));
  parser.write(decoder.end());
  parser.close();
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** The part a workbook relation points at (targets are relative to xl/, or absolute). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/[^/]+\/\.\.\//g, '/');
}

/** Built-in number formats that show a date or time. */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format code that shows a date: d, m, y, h or s outside quotes, brackets and escapes. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** As exceljs turns a date-formatted number into a date, then the import shows it. */
function dateText(serial: number, date1904: boolean): string {
  const ms = Math.round((serial - (date1904 ? 24107 : 25569)) * 86_400_000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? 'invalid date' : d.toISOString().slice(0, 10);
}

/** 0-based column of a cell reference such as "AB12". */
function columnOf(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function rowOf(ref: string): number {
  const m = /\d+$/.exec(ref);
  return m ? Number(m[0]) : NaN;
}

/** Rows of the first worksheet; FileLimitError past a limit; another Error for a file that is not a workbook. */
export async function readFirstSheet(data: Buffer, limits: FileLimits): Promise<SheetRow[] | string> {
  const archive = await openArchive(data, limits);
  try {
    if (!archive.names.includes('xl/workbook.xml')) return 'it has no workbook (xl/workbook.xml)';

    // the workbook: its first sheet's relation, and the 1904 date system
    let firstSheetRel: string | undefined;
    let date1904 = false;
    await parsePart(archive, 'xl/workbook.xml', {
      open(tag) {
        const n = local(tag.name);
        if (n === 'sheet' && firstSheetRel === undefined) {
          firstSheetRel = Object.entries(tag.attributes).find(([k]) => local(k) === 'id' && k.includes(':'))?.[1] as string | undefined;
        }
        if (n === 'workbookPr') date1904 = ['1', 'true'].includes(String(tag.attributes.date1904 ?? ''));
      },
    });
    if (!firstSheetRel) return 'it has no worksheet';
    const targets = new Map<string, string>();
    const relsName = 'xl/_rels/workbook.xml.rels';
    if (archive.names.includes(relsName)) {
      await parsePart(archive, relsName, {
        open(tag) {
          if (local(tag.name) === 'Relationship') targets.set(String(tag.attributes.Id), partPath(String(tag.attributes.Target)));
        },
      });
    }
    const sheetName = targets.get(firstSheetRel);
    if (!sheetName || !archive.names.includes(sheetName)) return 'its first worksheet is missing';

    const shared = archive.names.includes('xl/sharedStrings.xml') ? await sharedStrings(archive, limits) : [];
    const dateStyles = archive.names.includes('xl/styles.xml') ? await dateStyleIndexes(archive) : new Set<number>();
    return await sheetRows(archive, sheetName, shared, dateStyles, date1904, limits);
  } finally {
    archive.close();
  }
}

/** The shared strings (rich text joined, phonetic runs left out), at most maxCells of them. */
async function sharedStrings(archive: Archive, limits: FileLimits): Promise<string[]> {
  const strings: string[] = [];
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  await parsePart(archive, 'xl/sharedStrings.xml', {
    open(tag) {
      const n = local(tag.name);
      if (n === 'si') current = '';
      else if (n === 'rPh') phonetic++;
      else if (n === 't' && phonetic === 0) inText = true;
    },
    text(t) {
      if (inText && current !== null) current += t;
    },
    close(tag) {
      const n = local(tag.name);
      if (n === 't') inText = false;
      else if (n === 'rPh') phonetic--;
      else if (n === 'si') {
        strings.push(current ?? '');
        current = null;
        if (strings.length > limits.maxCells) throw new FileLimitError('maxCells', `the workbook holds more than ${limits.maxCells} texts (limit maxCells); split it by township`);
      }
    },
  });
  return strings;
}

/** The cell styles (indexes into cellXfs) whose number format shows a date. */
async function dateStyleIndexes(archive: Archive): Promise<Set<number>> {
  const custom = new Map<number, string>();
  const styles: number[] = [];
  let inCellXfs = false;
  await parsePart(archive, 'xl/styles.xml', {
    open(tag) {
      const n = local(tag.name);
      if (n === 'numFmt') custom.set(Number(tag.attributes.numFmtId), String(tag.attributes.formatCode ?? ''));
      else if (n === 'cellXfs') inCellXfs = true;
      else if (n === 'xf' && inCellXfs) styles.push(Number(tag.attributes.numFmtId ?? 0));
    },
    close(tag) {
      if (local(tag.name) === 'cellXfs') inCellXfs = false;
    },
  });
  const dates = new Set<number>();
  styles.forEach((id, i) => {
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id)) dates.add(i);
  });
  return dates;
}

async function sheetRows(archive: Archive, name: string, shared: string[], dateStyles: Set<number>, date1904: boolean, limits: FileLimits): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  const merges: string[] = [];
  let row: SheetRow | undefined;
  let lines = 0;
  let filled = 0;
  let nextRow = 1;
  let nextCol = 0;
  // the cell being read
  let cell: { col: number; type: string; style: number; value: string; formula: string | null; inline: string } | undefined;
  let reading: 'v' | 'f' | 't' | null = null;

  const finishCell = () => {
    if (!cell || !row) return;
    const c = cell;
    cell = undefined;
    const out = cellOf(c, shared, dateStyles, date1904);
    if (!out) return;
    if (c.col >= limits.maxColumns) throw new FileLimitError('maxColumns', `row ${row.row} has a cell in column ${c.col + 1}; at most ${limits.maxColumns} columns (limit maxColumns): keep only the template's columns`);
    if (++filled > limits.maxCells) throw new FileLimitError('maxCells', `the sheet has more than ${limits.maxCells} filled cells (limit maxCells); split it by township`);
    row.cells[c.col] = out;
  };

  await parsePart(archive, name, {
    open(tag) {
      const n = local(tag.name);
      const a = tag.attributes as Record<string, string>;
      if (n === 'row') {
        const r = a.r ? Number(a.r) : nextRow;
        if (++lines > limits.maxLines) {
          throw new FileLimitError('maxLines', `the sheet has more than ${limits.maxLines} rows (limit maxLines); at most ${limits.maxLines - 1 - MAX_BLANK_LINES} rows per import: split it by township`);
        }
        row = { row: r, cells: [] };
        nextRow = r + 1;
        nextCol = 0;
      } else if (n === 'c' && row) {
        const col = a.r ? columnOf(a.r) : nextCol;
        if (a.r && rowOf(a.r) !== row.row && !Number.isNaN(rowOf(a.r))) row.row = rowOf(a.r);
        nextCol = col + 1;
        cell = { col, type: a.t ?? 'n', style: Number(a.s ?? 0), value: '', formula: null, inline: '' };
      } else if (cell && (n === 'v' || n === 'f' || n === 't')) {
        reading = n;
        if (n === 'f') cell.formula ??= '';
      } else if (n === 'mergeCell' && a.ref) {
        merges.push(a.ref);
      }
    },
    text(t) {
      if (!cell || !reading) return;
      if (reading === 'v') cell.value += t;
      else if (reading === 'f') cell.formula = (cell.formula ?? '') + t;
      else cell.inline += t;
    },
    close(tag) {
      const n = local(tag.name);
      if (n === 'v' || n === 'f' || n === 't') reading = null;
      else if (n === 'c') finishCell();
      else if (n === 'row' && row) {
        if (row.cells.length > 0) rows.push(row);
        row = undefined;
      }
    },
  });
  blankMergedAway(rows, merges);
  return rows;
}

/** A cell as exceljs shows it; undefined for one with no value. */
function cellOf(c: { type: string; style: number; value: string; formula: string | null; inline: string }, shared: string[], dateStyles: Set<number>, date1904: boolean): SheetCell | undefined {
  const hasValue = c.type === 'inlineStr' ? true : c.value !== '';
  if (c.formula !== null && !hasValue) {
    return { text: `=${c.formula}`, unreadable: `the formula =${c.formula} has no saved result; open the file in Excel and save it again` };
  }
  switch (c.type) {
    case 's': {
      const text = shared[Number(c.value)];
      return text === undefined ? { text: '' } : { text };
    }
    case 'inlineStr':
      return { text: c.inline };
    case 'str':
      return { text: c.value };
    case 'b':
      return { text: c.value === '1' || c.value === 'true' ? 'TRUE' : 'FALSE' };
    case 'e':
      return { text: c.value };
    default: {
      if (c.value === '') return undefined;
      const num = Number(c.value);
      if (dateStyles.has(c.style)) return { text: dateText(num, date1904) };
      return { text: String(num), num };
    }
  }
}

/** Cells covered by a merge, other than its top-left one, show nothing of their own. */
function blankMergedAway(rows: SheetRow[], merges: string[]): void {
  if (merges.length === 0) return;
  const byRow = new Map(rows.map((r) => [r.row, r]));
  for (const ref of merges) {
    const [from, to] = ref.split(':');
    if (!from || !to) continue;
    const [r1, r2, c1, c2] = [rowOf(from), rowOf(to), columnOf(from), columnOf(to)];
    for (let r = r1; r <= r2 && r - r1 < 10_000; r++) {
      const row = byRow.get(r);
      if (!row) continue;
      for (let c = c1; c <= c2 && c - c1 < 1000; c++) if (r !== r1 || c !== c1) row.cells[c] = undefined;
    }
  }
}
