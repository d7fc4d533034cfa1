import ExcelJS from 'exceljs';
import { csvBuffer } from '@carenet/core';

/** A table for people: Chinese headers, money (fen) shown in yuan with two decimals. */
export interface FigureTable {
  title: string;
  /** Leading text columns (code, name, level…). */
  keyHeaders: string[];
  indicators: { code: string; nameZh: string; kind: string }[];
  /** Trailing count columns (expected, submitted…). */
  countHeaders: string[];
  rows: { keys: string[]; values: Map<string, number>; counts: number[] }[];
  notes?: (string | number)[][];
}

export function yuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function header(t: FigureTable): string[] {
  return [...t.keyHeaders, ...t.indicators.map((i) => (i.kind === 'MONEY' ? `${i.nameZh}(元)` : i.nameZh)), ...t.countHeaders];
}

/** The project's one CSV (UTF-8 with a BOM, CRLF lines, no cell a live formula), so Excel opens the Chinese headers correctly. */
export function tableToCsv(t: FigureTable): Buffer {
  return csvBuffer([header(t), ...t.rows.map((r) => [...r.keys, ...t.indicators.map((i) => (i.kind === 'MONEY' ? yuan(r.values.get(i.code) ?? 0) : String(r.values.get(i.code) ?? 0))), ...r.counts])]);
}

export async function tableToXlsx(t: FigureTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(t.title.slice(0, 31));
  sheet.addRow(header(t)).font = { bold: true };
  for (const r of t.rows) {
    sheet.addRow([...r.keys, ...t.indicators.map((i) => (i.kind === 'MONEY' ? (r.values.get(i.code) ?? 0) / 100 : (r.values.get(i.code) ?? 0))), ...r.counts]);
  }
  t.indicators.forEach((ind, i) => {
    if (ind.kind === 'MONEY') sheet.getColumn(t.keyHeaders.length + 1 + i).numFmt = '0.00';
  });
  sheet.getColumn(1).numFmt = '@';
  sheet.views = [{ state: 'frozen', xSplit: Math.min(2, t.keyHeaders.length), ySplit: 1 }];
  if (t.notes?.length) {
    const notes = wb.addWorksheet('说明');
    for (const n of t.notes) notes.addRow(n);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
