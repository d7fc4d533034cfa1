/**
 * Hostile upload files, made on the spot: a CSV of millions of blank lines,
 * XLSX zip bombs (parts that unpack to a GiB each, declared or lied about),
 * and a sheet of 1.2 million rows. The zip writer is minimal (stored or
 * deflated entries, no zip64), enough to build what an attacker would send.
 */
import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** Deflated bytes (raw deflate), or the stored bytes when `method` is 0. */
  compressed: Buffer;
  crc: number;
  size: number;
  method?: 0 | 8;
  /** Declare another uncompressed size than the real one (a lying header). */
  declaredSize?: number;
}

export function entry(name: string, content: Buffer | string): ZipEntry {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { name, compressed: deflateRawSync(data), crc: crc32(data), size: data.length };
}

/** `size` zero bytes, deflated as a stream (never held whole): about 1 MB per GiB. */
export async function zeros(name: string, size: number): Promise<ZipEntry> {
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.once('end', resolve);
    deflate.once('error', reject);
  });
  const chunk = Buffer.alloc(2 ** 20);
  let crc = 0;
  for (let left = size; left > 0; left -= chunk.length) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { name, compressed: Buffer.concat(out), crc, size };
}

export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? 8;
    const declared = e.declaredSize ?? e.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** The parts of a one-sheet workbook around `sheet`. */
export function workbookParts(sheet: ZipEntry): ZipEntry[] {
  return [entry('[Content_Types].xml', CONTENT_TYPES), entry('xl/workbook.xml', WORKBOOK), entry('xl/_rels/workbook.xml.rels', WORKBOOK_RELS), sheet];
}

export function sheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
}

/** A header and one good row for `village`, inline strings. */
export function smallSheet(village: string, indicator = 'HOME_VISITS'): ZipEntry {
  return entry(
    'xl/worksheets/sheet1.xml',
    sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>unitCode</t></is></c><c r="B1" t="inlineStr"><is><t>${indicator}</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>${village}</t></is></c><c r="B2"><v>1</v></c></row>`),
  );
}

/** A 10 MB CSV: a header and then blank lines. */
export function blankLinesCsv(bytes = 10 * 2 ** 20, header = 'unitCode,HOME_VISITS\n'): Buffer {
  return Buffer.concat([Buffer.from(header), Buffer.alloc(bytes - header.length, '\n')]);
}

/** A small workbook beside `count` parts of `size` zero bytes each (pictures, say), never to be read. */
export async function zipBombBeside(village: string, count = 3, size = 2 ** 30): Promise<Buffer> {
  const bomb = await zeros('xl/media/image1.bin', size);
  const extra = Array.from({ length: count }, (_, i) => ({ ...bomb, name: `xl/media/image${i + 1}.bin` }));
  return zip([...workbookParts(smallSheet(village)), ...extra]);
}

/** The sheet itself unpacks to `size` bytes; `lie` declares it as 1 KB. */
export async function zipBombSheet(size = 2 ** 30, lie = false): Promise<Buffer> {
  const bomb = await zeros('xl/worksheets/sheet1.xml', size);
  return zip(workbookParts(lie ? { ...bomb, declaredSize: 1024 } : bomb));
}

/** A sheet of `rows` rows of one number each (about 9 MB deflated for 1.2 M rows). */
export function hugeSheet(rows = 1_200_000): Buffer {
  const parts: string[] = ['<row r="1"><c r="A1" t="inlineStr"><is><t>unitCode</t></is></c><c r="B1" t="inlineStr"><is><t>HOME_VISITS</t></is></c></row>'];
  for (let r = 2; r <= rows; r++) parts.push(`<row r="${r}"><c r="A${r}"><v>52</v></c><c r="B${r}"><v>1</v></c></row>`);
  return zip(workbookParts(entry('xl/worksheets/sheet1.xml', sheetXml(parts.join('')))));
}

/** The header of a ledger of children's files (importChildren), as the template has it. */
export const LEDGER_HEADER = 'villageCode,name,sex,birthDate,idNumber';

/**
 * A ledger sheet of about `bytes` unpacked (rows of village, name, sex, birth
 * date and an 18-digit number, inline strings) that packs to about a
 * thirteenth of that: 20 MB of sheet in a file of about 1.6 MB.
 */
export function ledgerSheetBomb(bytes = 20 * 2 ** 20, village = '520102001001'): Buffer {
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const parts: string[] = [`<row r="1">${LEDGER_HEADER.split(',').map((h, i) => cell(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>`];
  let size = parts[0]!.length;
  let seed = 20261207;
  const digits = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += String((seed = (seed * 1103515245 + 12345) >>> 0) % 10);
    return s;
  };
  for (let r = 2; size < bytes; r++) {
    const row = `<row r="${r}">${cell(`A${r}`, village)}${cell(`B${r}`, `儿童${r}`)}${cell(`C${r}`, r % 2 ? 'F' : 'M')}${cell(`D${r}`, `2015-0${1 + (r % 9)}-1${r % 10}`)}${cell(`E${r}`, `520102${digits(12)}`)}</row>`;
    parts.push(row);
    size += row.length;
  }
  return zip(workbookParts(entry('xl/worksheets/sheet1.xml', sheetXml(parts.join('')))));
}
