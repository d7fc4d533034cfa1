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

/** Valid rows saved together in one transaction when each row stands alone (VALID_ROWS). */
export const VALID_ROWS_CHUNK = 200;

/** A row of the file once checked: the unit it names, when it names one the clerk may enter. */
interface Checked {
  row: ImportRowResult;
  unit?: AdminUnit;
  values: { indicator: string; value: number }[];
}

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
 * the rows are saved set-based, with the same workflow checks, audit, effects
 * and row keys as single saves: either all rows in one transaction, or the
 * valid rows together, a chunk per transaction, each refused row alone.
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
    const checked: Checked[] = parsed.rows.map((r) => {
      const row: ImportRowResult = { row: r.row, unitCode: r.unitCode, outcome: 'FAILED', problems: [], issues: [] };
      for (const p of r.problems) addProblem(row, readingProblem(p));
      return { row, values: r.values };
    });
    const named: { c: Checked; code: string }[] = [];
    for (const [i, c] of checked.entries()) {
      if (c.row.problems.length > 0) continue;
      try {
        c.row.unitCode = normalizeUnitCode(parsed.rows[i]!.unitCode, 'unitCode');
        named.push({ c, code: parsed.rows[i]!.unitCode });
      } catch (e) {
        addProblem(c.row, refusalProblem(e));
      }
    }
    const found = await this.tree.findUnits(
      named.map((n) => n.code),
      period,
    );
    for (const [i, { c }] of named.entries()) {
      const unit = found[i];
      try {
        if (!unit || !unit.pathIds.includes(parent.id) || !may(actor, 'READ', unit)) {
          addProblem(c.row, scopeProblem(`unitCode: no unit with code ${c.row.unitCode} under ${parent.code}`));
        } else if (!may(actor, 'ENTER', unit)) {
          addProblem(c.row, scopeProblem(`unitCode: you may not enter figures for ${c.row.unitCode}`));
        } else {
          c.unit = unit;
          for (const f of await this.reports.findingsFor(c.values, unit, period)) addProblem(c.row, findingProblem(f));
        }
      } catch (e) {
        addProblem(c.row, refusalProblem(e));
      }
    }

    const valid = checked.filter((c) => c.row.problems.length === 0);
    const total = checked.length;
    let done = checked.length - valid.length;
    await run.onProgress?.(done, total);
    if (input.mode === 'ALL_OR_NOTHING') {
      if (valid.length === checked.length) {
        try {
          await this.transaction(async (m) => {
            const refused = await this.saveRows(m, actor, period, checked, run);
            // one refusal undoes the whole file: the refused rows carry their problem, the others were not saved
            if (refused.length > 0) throw refused[0]!.error;
          });
          for (const c of checked) c.row.outcome = 'SAVED';
        } catch (e) {
          if (!checked.some((c) => c.row.problems.length > 0)) throw e;
        }
      }
      for (const c of checked) if (c.row.outcome !== 'SAVED') c.row.outcome = c.row.problems.length ? 'FAILED' : 'NOT_SAVED';
    } else {
      // the valid rows a chunk at a time, each chunk in one transaction: a row refused alone, the others saved
      for (let i = 0; i < valid.length; i += VALID_ROWS_CHUNK) {
        const chunk = valid.slice(i, i + VALID_ROWS_CHUNK);
        try {
          await this.transaction((m) => this.saveRows(m, actor, period, chunk, run));
          for (const c of chunk) if (c.row.problems.length === 0) c.row.outcome = 'SAVED';
        } catch (e) {
          for (const c of chunk) if (c.row.problems.length === 0) addProblem(c.row, refusalProblem(e));
        }
        done += chunk.length;
        await run.onProgress?.(done, total);
      }
    }
    await run.onProgress?.(total, total);
    const rows = checked.map((c) => c.row);
    return { saved: rows.filter((r) => r.outcome === 'SAVED').length, failed: rows.filter((r) => r.outcome === 'FAILED').length, fileProblems: [], rows };
  }

  /**
   * Saves checked rows in the caller's transaction, set-based (ReportsService.saveManyIn),
   * with the row keys claimed together first: a row whose key was claimed with the same
   * figures was saved by an earlier run and is not saved again. The refused rows carry
   * their problem and have their keys given back; they are returned.
   */
  private async saveRows(m: EntityManager, actor: Actor, period: string, rows: Checked[], run: ImportRun): Promise<{ c: Checked; error: Error }[]> {
    const refused: { c: Checked; error: Error }[] = [];
    const refuse = (c: Checked, error: Error) => {
      addProblem(c.row, refusalProblem(error));
      refused.push({ c, error });
    };
    let todo = rows;
    const keyOf = new Map<Checked, string>();
    if (run.rowKey) {
      const keys = rows.map((c) => run.rowKey!(c.row.row));
      const shas = rows.map((c) => createHash('sha256').update(JSON.stringify([c.unit!.id, period, c.values])).digest());
      const claims = await this.keys.claimMany(m, actor.name, keys, 'importReports', shas);
      todo = [];
      for (const [i, c] of rows.entries()) {
        const claim = claims[i]!;
        if (claim.claimed) {
          todo.push(c);
          keyOf.set(c, keys[i]!);
        } else if (!claim.sameRequest) {
          refuse(c, new ReportingError(ReportingErrorReason.IDEMPOTENCY_KEY_REUSED, `row ${c.row.row}: already imported with other figures`));
        }
      }
    }
    // the file's reader refuses a unit named twice, so each unit has one row here
    const results = await this.reports.saveManyIn(
      m,
      actor,
      period,
      todo.map((c) => ({ unit: c.unit!, values: c.values })),
    );
    for (const [i, r] of results.entries()) if (r instanceof Error) refuse(todo[i]!, r);
    await this.keys.release(
      m,
      actor.name,
      refused.flatMap((x) => (keyOf.has(x.c) ? [keyOf.get(x.c)!] : [])),
    );
    return refused;
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
