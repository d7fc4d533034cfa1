import { Injectable, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { BulkDatabase, Transactions } from '@carenet/database';
import { normalizeUnitCode, may, type Actor } from '@carenet/core';
import { AdminTreeService, type AdminUnit, UnitLevel } from '@carenet/admin-tree';
import { IndicatorsService } from '@carenet/indicators';
import { IdempotencyRepository } from './idempotency.repository.js';
import { importTemplate, parseImportFile, type ImportFormat } from './import-file.js';
import { findingProblem, readingProblem, refusalProblem, scopeProblem, type ImportProblem } from './import-problem.js';
import { ReportingError, ReportingErrorReason } from './reporting.errors.js';
import { ReportsService } from './reports.service.js';

export const MAX_IMPORT_BYTES = 10 * 2 ** 20;
export const MAX_IMPORT_ROWS = 5000;

export interface ImportRowResult {
  row: number;
  unitCode: string;
  outcome: 'SAVED' | 'FAILED' | 'NOT_SAVED';
  /** The messages of `issues`, in the same order. */
  problems: string[];
  issues: ImportProblem[];
}

function addProblem(row: ImportRowResult, issue: ImportProblem): void {
  row.issues.push(issue);
  row.problems.push(issue.message);
}

export type ImportMode = 'ALL_OR_NOTHING' | 'VALID_ROWS';

/** How one run of an import is followed: the background job passes these; the request passes none. */
export interface ImportRun {
  /** Rows finished (failed their checks, saved, or known not to be saved) of the total, as they finish. */
  onProgress?: (done: number, total: number) => Promise<void> | void;
  /**
   * A key per row that makes its save happen at most once: claimed in the
   * row's own transaction, so a run repeated after its worker died finds the
   * rows already saved and does not save them again.
   */
  rowKey?: (row: number) => string;
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
    private readonly keys: IdempotencyRepository,
    @Optional() private readonly bulk?: BulkDatabase,
  ) {}

  /** Saving runs on the bulk pool where there is one, so that imports cannot take the connections of reads and approvals. */
  private transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.bulk ? this.bulk.transaction(work) : this.transactions.run(work);
  }

  async importReports(
    actor: Actor,
    input: { parentCode: string; period: string; format: ImportFormat; fileBase64: string; mode: ImportMode },
    run: ImportRun = {},
  ): Promise<ImportResult> {
    const { period, parent } = await this.admit(actor, input);
    return this.importChecked(actor, parent, period, input, this.decode(input.fileBase64), run);
  }

  /** The same import of a file already decoded and stored (a background job's): the same checks, from the same place. */
  async importFile(actor: Actor, input: { parentCode: string; period: string; format: ImportFormat; mode: ImportMode }, data: Buffer, run: ImportRun = {}): Promise<ImportResult> {
    const { period, parent } = await this.admit(actor, input);
    return this.importChecked(actor, parent, period, input, data, run);
  }

  /**
   * Who may import where, and for which month: entering figures for the
   * parent covers every unit below it. Refused before the file is read, and
   * checked both when a job is started and when it runs.
   */
  async admit(actor: Actor, input: { parentCode: string; period: string }): Promise<{ period: string; parent: AdminUnit }> {
    const period = this.reports.endedPeriod(input.period);
    const parent = await this.reports.unitFor(actor, input.parentCode, period, 'parentCode', 'ENTER');
    return { period, parent };
  }

  private async importChecked(actor: Actor, parent: AdminUnit, period: string, input: { format: ImportFormat; mode: ImportMode }, data: Buffer, run: ImportRun): Promise<ImportResult> {
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
      const row: ImportRowResult = { row: r.row, unitCode: r.unitCode, outcome: 'FAILED', problems: [], issues: [] };
      for (const p of r.problems) addProblem(row, readingProblem(p));
      let unit: AdminUnit | undefined;
      if (row.problems.length === 0) {
        try {
          row.unitCode = normalizeUnitCode(r.unitCode, 'unitCode');
          const found = await this.tree.findUnit(r.unitCode, period);
          if (!found || !found.pathIds.includes(parent.id) || !may(actor, 'READ', found)) {
            addProblem(row, scopeProblem(`unitCode: no unit with code ${row.unitCode} under ${parent.code}`));
          } else if (!may(actor, 'ENTER', found)) {
            addProblem(row, scopeProblem(`unitCode: you may not enter figures for ${row.unitCode}`));
          } else {
            unit = found;
            for (const f of await this.reports.findingsFor(r.values, found, period)) addProblem(row, findingProblem(f));
          }
        } catch (e) {
          addProblem(row, refusalProblem(e));
        }
      }
      checked.push({ row, unit, values: r.values });
    }

    const valid = checked.filter((c) => c.row.problems.length === 0);
    const total = checked.length;
    let done = checked.length - valid.length;
    await run.onProgress?.(done, total);
    // a row is saved once: with a row key, the key is claimed in the row's transaction, and a row already claimed is not saved again
    const save = async (m: EntityManager, c: (typeof checked)[number]) => {
      if (run.rowKey) {
        const sha = createHash('sha256').update(JSON.stringify([c.unit!.id, period, c.values])).digest();
        const claim = await this.keys.claim(m, actor.name, run.rowKey(c.row.row), 'importReports', sha);
        if (!claim.claimed && claim.sameRequest) return;
        if (!claim.claimed) throw new ReportingError(ReportingErrorReason.IDEMPOTENCY_KEY_REUSED, `row ${c.row.row}: already imported with other figures`);
      }
      await this.reports.saveIn(m, actor, c.unit!, period, c.values, 'current');
    };
    if (input.mode === 'ALL_OR_NOTHING') {
      if (valid.length === checked.length) {
        try {
          await this.transaction(async (m) => {
            for (const c of checked) {
              try {
                await save(m, c);
              } catch (e) {
                addProblem(c.row, refusalProblem(e));
                throw e;
              }
              await run.onProgress?.(++done, total);
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
          await this.transaction((m) => save(m, c));
          c.row.outcome = 'SAVED';
        } catch (e) {
          addProblem(c.row, refusalProblem(e));
        }
        await run.onProgress?.(++done, total);
      }
    }
    await run.onProgress?.(total, total);
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

  /** The uploaded file's bytes; a file over MAX_IMPORT_BYTES is refused at once, naming the limit. */
  decode(fileBase64: string): Buffer {
    if (fileBase64.length > Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4) {
      throw new ReportingError(ReportingErrorReason.IMPORT_FAILED, `fileBase64: the file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB; split it by township`, { field: 'fileBase64' });
    }
    if (!/^[A-Za-z0-9+/=\s_-]*$/.test(fileBase64)) {
      throw new ReportingError(ReportingErrorReason.IMPORT_FAILED, 'fileBase64: not base64', { field: 'fileBase64' });
    }
    return Buffer.from(fileBase64, 'base64');
  }
}
