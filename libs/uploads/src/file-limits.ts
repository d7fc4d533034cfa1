/**
 * Limits on an uploaded file, enforced while it is read, so that a hostile
 * file (a CSV of ten million blank lines, a zip bomb, a sheet of a million
 * rows) is refused within moments, naming the limit, and never held whole in
 * memory beyond its compressed size. Pure: no Nest, no database.
 */
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import yauzl from 'yauzl';

export interface FileLimits {
  /** Lines of a CSV, rows of a sheet, blank ones included (the header too). */
  maxLines: number;
  /** Columns of one row. */
  maxColumns: number;
  /** Non-empty cells of the whole file. */
  maxCells: number;
  /** Entries listed in an XLSX (zip) archive. */
  maxZipEntries: number;
  /** Uncompressed size of one archive entry that is read (the sheet, its strings, styles…). */
  maxEntryBytes: number;
  /** Uncompressed size of all the entries read. */
  maxTotalBytes: number;
}

/** Blank lines a file may hold on top of its rows (a clerk's file has a few, not millions). */
export const MAX_BLANK_LINES = 1000;

export function fileLimits(maxRows: number): FileLimits {
  return {
    maxLines: maxRows + 1 + MAX_BLANK_LINES,
    maxColumns: 512,
    maxCells: (maxRows + 1) * 128,
    maxZipEntries: 1000,
    maxEntryBytes: 64 * 2 ** 20,
    maxTotalBytes: 96 * 2 ** 20,
  };
}

/** A file over a limit: the message names the limit and says what to do. */
export class FileLimitError extends Error {
  constructor(
    readonly limit: keyof FileLimits,
    message: string,
  ) {
    super(message);
    this.name = 'FileLimitError';
  }
}

const MB = (n: number) => `${Math.round((n / 2 ** 20) * 10) / 10} MB`;

function tooManyLines(limits: FileLimits): FileLimitError {
  return new FileLimitError(
    'maxLines',
    `the file has more than ${limits.maxLines} lines (blank lines count too; limit maxLines); at most ${limits.maxLines - 1 - MAX_BLANK_LINES} rows per import: split it by township`,
  );
}

// ----------------------------------------------------------------------- CSV

/**
 * The records of a CSV text. The text is first read once, counting lines and
 * separators and stopping at the first over a limit, so ten million blank
 * lines cost no more than the limit's worth; only a text within the limits is
 * then parsed. (csv-parse's stream mode was tried: its cost grows faster than
 * the number of records, 64 KB of blank lines took ten seconds.) CSV syntax
 * errors are thrown as csv-parse raises them.
 */
export async function csvRecords(text: string, limits: FileLimits): Promise<string[][]> {
  let lines = 1;
  let separators = 0;
  let lineSeparators = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      // a final line break ends the last line; it does not start another
      if (i + 1 < text.length && ++lines > limits.maxLines) throw tooManyLines(limits);
      lineSeparators = 0;
    } else if (c === 44) {
      if (++lineSeparators >= limits.maxColumns) {
        throw new FileLimitError('maxColumns', `row ${lines} has more than ${limits.maxColumns} columns (limit maxColumns); keep only the template's columns`);
      }
      if (++separators > limits.maxCells) throw new FileLimitError('maxCells', `the file has more than ${limits.maxCells} cells (limit maxCells); split it by township`);
    }
  }
  return parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true, max_record_size: 64 * 1024 }) as string[][];
}

// ---------------------------------------------------------------------- ZIP

/** The entries of an archive by name, none read yet. */
export interface Archive {
  names: string[];
  /**
   * The entry's bytes, inflated as a stream. With `onChunk`, each piece goes
   * there as it comes (which may throw to stop) and nothing is kept.
   */
  read(name: string, onChunk?: (chunk: Buffer) => void): Promise<Buffer>;
  close(): void;
}

/** Opens a zip archive held in memory; only its central directory is read here. */
export async function openArchive(data: Buffer, limits: FileLimits): Promise<Archive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(data, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, z) => (err ? reject(err) : resolve(z!))),
  );
  if (zip.entryCount > limits.maxZipEntries) {
    zip.close();
    throw new FileLimitError('maxZipEntries', `the workbook holds ${zip.entryCount} parts; at most ${limits.maxZipEntries} (limit maxZipEntries): save it again from Excel, sheet only`);
  }
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      entries.set(e.fileName, e);
      zip.readEntry();
    });
    zip.once('end', resolve);
    zip.once('error', reject);
    zip.readEntry();
  });
  let total = 0;
  return {
    names: [...entries.keys()],
    async read(name, onChunk) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`the workbook has no ${name}`);
      // the declared size first (refused before any inflating), then the bytes actually inflated (a header may lie)
      const refuseEntry = (size: number) =>
        new FileLimitError(
          'maxEntryBytes',
          `the workbook part ${name} unpacks to ${size > limits.maxEntryBytes ? 'more than ' : ''}${MB(Math.max(size, limits.maxEntryBytes))}; at most ${MB(limits.maxEntryBytes)} (limit maxEntryBytes): split it by township`,
        );
      const refuseTotal = () => new FileLimitError('maxTotalBytes', `the workbook unpacks to more than ${MB(limits.maxTotalBytes)} (limit maxTotalBytes): keep only the sheet to import`);
      if (entry.uncompressedSize > limits.maxEntryBytes) throw refuseEntry(entry.uncompressedSize);
      if (total + entry.uncompressedSize > limits.maxTotalBytes) throw refuseTotal();
      const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s!))));
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          size += chunk.length;
          total += chunk.length;
          if (size > limits.maxEntryBytes) throw refuseEntry(size);
          if (total > limits.maxTotalBytes) throw refuseTotal();
          if (onChunk) onChunk(chunk);
          else chunks.push(chunk);
        }
      } catch (e) {
        // yauzl checks the inflated size against the declared one: a part that says it is small and is not
        if (!(e instanceof FileLimitError) && /too many bytes/i.test((e as Error).message)) {
          throw new FileLimitError('maxEntryBytes', `the workbook part ${name} unpacks to more than its stated ${MB(entry.uncompressedSize)} (limit maxEntryBytes): the file is damaged or forged`);
        }
        throw e;
      } finally {
        stream.destroy();
      }
      return Buffer.concat(chunks);
    },
    close: () => zip.close(),
  };
}
