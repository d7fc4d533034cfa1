import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BulkDatabase, Transactions } from '@carenet/database';
import { normalizeUnitCode, may, type Actor } from '@carenet/core';
import { AdminTreeService, type AdminUnit, UnitLevel } from '@carenet/admin-tree';
import { IndicatorsService } from '@carenet/indicators';
import { importTemplate, parseImportFile, type ImportFormat } from './import-file.js';
import { ReportingError, ReportingErrorReason } from './reporting.errors.js';
import { ReportsService } from './reports.service.js';

export const MAX_IMPORT_BYTES = 10 * 2 ** 20;
export const MAX_IMPORT_ROWS = 5000;

export interface ImportRowResult {
  row: number;
  unitCode: string;
  outcome: 'SAVED' | 'FAILED' | 'NOT_SAVED';
  problems: string[];
}

export interface ImportResult {
  saved: number;
  failed: number;
  fileProblems: string[];
  rows: ImportRowResult[];
}

/**
 * Bulk entry for clerks: one file, one row per unit, for units under a parent.
 * Every row is checked (code, scope, E1–E4) before anything is saved; then
 * either all rows are saved in one transaction, or each valid row in its own.
 */
@Injectable()
export class ReportImportService {
  constructor(
    private readonly reports: ReportsService,
    private readonly transactions: Transactions,
    private readonly tree: AdminTreeService,
    private readonly indicators: IndicatorsService,
    @Optional() private readonly bulk?: BulkDatabase,
  ) {}

  /** Saving runs on the bulk pool where there is one, so that imports cannot take the connections of reads and approvals. */
  private transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.bulk ? this.bulk.transaction(work) : this.transactions.run(work);
  }

  async importReports(
    actor: Actor,
    input: { parentCode: string; period: string; format: ImportFormat; fileBase64: string; mode: 'ALL_OR_NOTHING' | 'VALID_ROWS' },
  ): Promise<ImportResult> {
    const period = this.reports.endedPeriod(input.period);
    // entering figures for the parent covers every unit below it; refused before the file is read
    const parent = await this.reports.unitFor(actor, input.parentCode, period, 'parentCode', 'ENTER');
    const data = this.decode(input.fileBase64);
    const { list } = await this.indicators.catalogue(period);
    const parsed = await parseImportFile(input.format, data, { maxRows: MAX_IMPORT_ROWS, knownIndicators: new Set(list.map((i) => i.code)) });
    if (parsed.fileProblems.length > 0) {
      throw new ReportingError(ReportingErrorReason.IMPORT_FAILED, `the file was not read: ${parsed.fileProblems.join('; ')}`, {
        violations: parsed.fileProblems.map((message) => ({ rule: 'FILE', message })),
      });
    }

    // check every row first: its code, that the unit is under the parent and the clerk's to enter, its values
    const checked: { row: ImportRowResult; unit?: AdminUnit; values: { indicator: string; value: number }[] }[] = [];
    for (const r of parsed.rows) {
      const row: ImportRowResult = { row: r.row, unitCode: r.unitCode, outcome: 'FAILED', problems: [...r.problems] };
      let unit: AdminUnit | undefined;
      if (row.problems.length === 0) {
        try {
          row.unitCode = normalizeUnitCode(r.unitCode, 'unitCode');
          const found = await this.tree.findUnit(r.unitCode, period);
          if (!found || !found.pathIds.includes(parent.id) || !may(actor, 'READ', found)) {
            row.problems.push(`unitCode: no unit with code ${row.unitCode} under ${parent.code}`);
          } else if (!may(actor, 'ENTER', found)) {
            row.problems.push(`unitCode: you may not enter figures for ${row.unitCode}`);
          } else {
            unit = found;
            row.problems.push(...(await this.reports.findingsFor(r.values, found, period)).map((f) => f.message));
          }
        } catch (e) {
          row.problems.push((e as Error).message);
        }
      }
      checked.push({ row, unit, values: r.values });
    }

    const valid = checked.filter((c) => c.row.problems.length === 0);
    if (input.mode === 'ALL_OR_NOTHING') {
      if (valid.length === checked.length) {
        try {
          await this.transaction(async (m) => {
            for (const c of checked) {
              try {
                await this.reports.saveIn(m, actor, c.unit!, period, c.values, 'current');
              } catch (e) {
                c.row.problems.push((e as Error).message);
                throw e;
              }
            }
          });
          for (const c of checked) c.row.outcome = 'SAVED';
        } catch {
          /* the failing row carries its problem; nothing was saved */
        }
      }
      for (const c of checked) if (c.row.outcome !== 'SAVED') c.row.outcome = c.row.problems.length ? 'FAILED' : 'NOT_SAVED';
    } else {
      for (const c of valid) {
        try {
          await this.transaction((m) => this.reports.saveIn(m, actor, c.unit!, period, c.values, 'current'));
          c.row.outcome = 'SAVED';
        } catch (e) {
          c.row.problems.push((e as Error).message);
        }
      }
    }
    const rows = checked.map((c) => c.row);
    return { saved: rows.filter((r) => r.outcome === 'SAVED').length, failed: rows.filter((r) => r.outcome === 'FAILED').length, fileProblems: [], rows };
  }

  /** A file to fill in: the units of a level under the parent, and the indicators entered at that level. */
  async template(actor: Actor, input: { parentCode: string; level?: UnitLevel | null; format: ImportFormat }): Promise<{ filename: string; content: Buffer }> {
    const parent = await this.tree.visibleUnit(actor, input.parentCode, undefined, 'parentCode');
    const level = input.level ?? UnitLevel.VILLAGE;
    const { list } = await this.indicators.catalogue();
    const units: { code: string; name: string }[] = [];
    let after: string | null = null;
    do {
      const page = await this.tree.listUnits({ level, within: parent, first: 100, after });
      units.push(...page.items.map((u) => ({ code: u.code, name: u.name })));
      after = page.hasNextPage ? page.endCursor : null;
    } while (after && units.length < MAX_IMPORT_ROWS);
    const content = await importTemplate(input.format, list.filter((i) => i.level === level), units);
    return { filename: `carenet-${parent.code}-${level.toLowerCase()}.${input.format.toLowerCase()}`, content };
  }

  private decode(fileBase64: string): Buffer {
    if (fileBase64.length > Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4) {
      throw new ReportingError(ReportingErrorReason.IMPORT_FAILED, `fileBase64: the file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB; split it by township`, { field: 'fileBase64' });
    }
    if (!/^[A-Za-z0-9+/=\s_-]*$/.test(fileBase64)) {
      throw new ReportingError(ReportingErrorReason.IMPORT_FAILED, 'fileBase64: not base64', { field: 'fileBase64' });
    }
    return Buffer.from(fileBase64, 'base64');
  }
}
