/**
 * Existing ledgers (台账) in bulk: one row per child in a CSV (UTF-8) or the
 * first sheet of an XLSX file. Pure: bytes to rows of CreateChildInput, with
 * the problems of each row; the rules of a file run in the service.
 *
 * Columns (row 1; English codes or the Chinese names of the template):
 * villageCode, name, sex (M/F, 男/女), birthDate (YYYY-MM-DD), idNumber,
 * openedOn, categories (codes joined by ';', certified on certifiedOn),
 * certifiedOn, grade (RED… or 红/橙/黄/绿), gradeReason, assessedBy,
 * helperName, helperRole, helperPhone, guardianName, guardianRelation,
 * guardianPhone. Unknown columns are refused by name.
 */
import ExcelJS from 'exceljs';
import { csvBuffer } from '@carenet/core';
import { FileLimitError, fileLimits, readUploadedTable, type UploadRow } from '@carenet/uploads';
import type { CreateChildInput } from './registry.service.js';

export type ChildImportFormat = 'CSV' | 'XLSX';

export const CHILD_IMPORT_COLUMNS: [string, string][] = [
  ['villageCode', '村代码'],
  ['name', '姓名'],
  ['sex', '性别'],
  ['birthDate', '出生日期'],
  ['idNumber', '身份证号'],
  ['openedOn', '建档日期'],
  ['categories', '类别'],
  ['certifiedOn', '认定日期'],
  ['grade', '风险等级'],
  ['gradeReason', '评估理由'],
  ['assessedBy', '评估人'],
  ['helperName', '包保人'],
  ['helperRole', '包保人职务'],
  ['helperPhone', '包保人电话'],
  ['guardianName', '监护人'],
  ['guardianRelation', '监护关系'],
  ['guardianPhone', '监护人电话'],
];

const BY_HEADER = new Map(CHILD_IMPORT_COLUMNS.flatMap(([code, zh]) => [[code.toLowerCase(), code], [zh, code]] as [string, string][]));
const SEX: Record<string, string> = { M: 'M', F: 'F', 男: 'M', 女: 'F' };
const GRADE: Record<string, string> = { 红: 'RED', 橙: 'ORANGE', 黄: 'YELLOW', 绿: 'GREEN' };

export interface ChildImportRow {
  /** 1-based, as a spreadsheet shows it (header = 1). */
  row: number;
  input: CreateChildInput;
}

export interface ParsedChildImport {
  rows: ChildImportRow[];
  fileProblems: string[];
}

/**
 * The file's rows, read within the limits every upload is read within
 * (lines, columns, cells, unpacked size: a file over one is refused as it is
 * read, naming the limit), then checked against the template's columns.
 */
export async function parseChildImport(format: ChildImportFormat, data: Buffer, maxRows: number): Promise<ParsedChildImport> {
  if (data.length === 0) return { rows: [], fileProblems: ['file: it is empty'] };
  let read: UploadRow[] | string;
  try {
    read = await readUploadedTable(format, data, fileLimits(maxRows));
  } catch (e) {
    if (e instanceof FileLimitError) return { rows: [], fileProblems: [`file: ${e.message}`] };
    throw e;
  }
  if (typeof read === 'string') return { rows: [], fileProblems: [`file: ${read}`] };
  const texts = (r: UploadRow) => Array.from(r.cells, (c) => c?.text ?? '');
  const first = read[0];
  if (!first) return { rows: [], fileProblems: ['file: no header row'] };
  const header = first.row === 1 ? texts(first) : [];
  const body = read.filter((r) => r.row > 1);
  const columns = header.map((h) => BY_HEADER.get(h.trim().toLowerCase()) ?? BY_HEADER.get(h.trim()) ?? null);
  const problems: string[] = [];
  header.forEach((h, i) => {
    if (columns[i] === null && h.trim() !== '') problems.push(`header: column ${i + 1} '${h.slice(0, 40)}' is not a column of the template`);
  });
  for (const need of ['villageCode', 'name', 'sex', 'birthDate']) if (!columns.includes(need)) problems.push(`header: the column ${need} is missing`);
  const filled = body.map((r) => ({ cells: texts(r), row: r.row })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (filled.length > maxRows) problems.push(`file: ${filled.length} rows; at most ${maxRows} per file`);
  if (problems.length) return { rows: [], fileProblems: problems };
  return { rows: filled.map(({ cells, row }) => ({ row, input: toInput(columns, cells) })), fileProblems: [] };
}

function toInput(columns: (string | null)[], cells: string[]): CreateChildInput {
  const v: Record<string, string> = {};
  columns.forEach((c, i) => {
    if (c) v[c] = (cells[i] ?? '').trim();
  });
  const opt = (k: string) => (v[k] ? v[k] : null);
  const openedOn = opt('openedOn');
  const categories = (v.categories ?? '')
    .split(/[;；,，]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((category) => ({ category, status: 'CERTIFIED', certifiedOn: opt('certifiedOn') ?? openedOn }));
  return {
    villageCode: v.villageCode ?? '',
    name: v.name ?? '',
    sex: SEX[v.sex ?? ''] ?? v.sex ?? '',
    birthDate: v.birthDate ?? '',
    idNumber: opt('idNumber'),
    openedOn,
    categories,
    grade: v.grade ? { grade: GRADE[v.grade] ?? v.grade, reason: opt('gradeReason') ?? 'imported from the ledger', assessedBy: opt('assessedBy') ?? 'ledger' } : null,
    helper: v.helperName ? { name: v.helperName, role: opt('helperRole') ?? 'CHILD_DIRECTOR', phone: opt('helperPhone') } : null,
    guardians: v.guardianName ? [{ name: v.guardianName, relation: opt('guardianRelation') ?? 'OTHER', phone: opt('guardianPhone') }] : null,
  };
}

/** The template: the header, and one example row. */
export async function childImportTemplate(format: ChildImportFormat): Promise<Buffer> {
  const header = CHILD_IMPORT_COLUMNS.map(([code]) => code);
  const example = ['520102001001', '王小花', 'F', '2015-03-01', '', '2026-01-05', 'LEFT_BEHIND', '2026-01-04', 'GREEN', 'stable with grandmother', '李主任', '李主任', 'CHILD_DIRECTOR', '', '王奶奶', 'GRANDPARENT', ''];
  if (format === 'CSV') return csvBuffer([header, example]);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('children');
  sheet.addRow(header);
  sheet.addRow(example);
  const help = wb.addWorksheet('说明');
  for (const [code, zh] of CHILD_IMPORT_COLUMNS) help.addRow([code, zh]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
