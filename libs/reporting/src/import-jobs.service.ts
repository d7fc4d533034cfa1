import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, LOGGER, type Actor, type Logger } from '@carenet/core';
import { Transactions } from '@carenet/database';
import { ImportQueueJob, OutboxRepository } from '@carenet/queue';
import { RegistryBulkService, type ChildImportResult } from '@carenet/registry';
import type { ImportFormat } from './import-file.js';
import { isImportJobId, mayReadImportJob, progressDue, type ImportJobKind, type ImportJobStatus, type ProgressMark } from './import-job.js';
import { ImportJobsRepository, type ImportJobRow, type NewImportJob } from './import-jobs.repository.js';
import { ReportImportService, type ImportMode, type ImportResult } from './import.service.js';
import { ReportingError, ReportingErrorReason } from './reporting.errors.js';

/** A job as its reader sees it: no file, no actor snapshot. */
export interface ImportJob {
  id: string;
  kind: ImportJobKind;
  status: ImportJobStatus;
  parentCode: string;
  period: string | null;
  mode: ImportMode;
  format: ImportFormat;
  rowsTotal: number | null;
  rowsDone: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  /** When a REPORTS job is DONE: what importReports answers. */
  reportResult: ImportResult | null;
  /** When a REGISTRY job is DONE: what importChildren answers. */
  registryResult: ChildImportResult | null;
}

const UNEXPECTED = 'the import stopped on an unexpected error; rows saved before it (VALID_ROWS) are kept — start the import again for the rest';

/** Another run of the same job finished it first (a run taken for stalled while it was still going): this one keeps nothing. */
class FinishedElsewhere extends Error {}

function jobNotFound(id: string): ReportingError {
  return new ReportingError(ReportingErrorReason.IMPORT_JOB_NOT_FOUND, `id: no import job ${id.slice(0, 40)}`, { field: 'id' });
}

function view(row: ImportJobRow): ImportJob {
  const done = row.status === 'DONE';
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    parentCode: row.parentCode,
    period: row.period,
    mode: row.mode,
    format: row.format,
    rowsTotal: row.rowsTotal,
    rowsDone: row.rowsDone,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: row.error,
    reportResult: done && row.kind === 'REPORTS' ? (row.result as ImportResult) : null,
    registryResult: done && row.kind === 'REGISTRY' ? (row.result as ChildImportResult) : null,
  };
}

/**
 * Long imports as background jobs. Starting one checks what the request-time
 * import checks (the same methods), stores the job with its file and puts it
 * in the outbox in one transaction, and answers at once; the worker runs it
 * with the same import code, writing progress as it goes.
 */
@Injectable()
export class ImportJobsService {
  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly reportImports: ReportImportService,
    private readonly registryImports: RegistryBulkService,
    private readonly outbox: OutboxRepository,
    private readonly transactions: Transactions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async startReportImport(actor: Actor, input: { parentCode: string; period: string; format: ImportFormat; fileBase64: string; mode: ImportMode }): Promise<ImportJob> {
    const { period, parent } = await this.reportImports.admit(actor, input);
    const file = this.reportImports.decode(input.fileBase64);
    return this.enqueue({ id: randomUUID(), kind: 'REPORTS', actor, unitId: parent.id, parentCode: parent.code, period, mode: input.mode, format: input.format, file });
  }

  async startRegistryImport(actor: Actor, input: { parentCode: string; format: ImportFormat; fileBase64: string; mode: ImportMode }): Promise<ImportJob> {
    const parent = await this.registryImports.admit(actor, input);
    const file = Buffer.from(input.fileBase64, 'base64');
    return this.enqueue({ id: randomUUID(), kind: 'REGISTRY', actor, unitId: parent.id, parentCode: parent.code, period: null, mode: input.mode, format: input.format, file });
  }

  /** A job its starter (or an administrator above its unit) may read; for anyone else, NOT_FOUND like an unknown id. */
  async importJob(actor: Actor, id: string): Promise<ImportJob> {
    const row = isImportJobId(id) ? await this.jobs.find(id) : undefined;
    if (!row || !mayReadImportJob(actor, row)) throw jobNotFound(id);
    return view(row);
  }

  /**
   * Runs a stored job (the worker's handler). A job already finished is left
   * as it is, so a repeated delivery changes nothing; a job interrupted (its
   * worker died) runs again, and saves no row twice: report rows are saved
   * under a key per job and row, a ledger import records the job finished in
   * its own transaction.
   */
  async run(id: string, opts: { lastAttempt: boolean } = { lastAttempt: true }): Promise<ImportJobStatus | 'GONE'> {
    const job = await this.jobs.begin(id);
    if (!job) return 'GONE';
    let mark: ProgressMark | undefined;
    const onProgress = async (done: number, total: number) => {
      const now = Date.now();
      if (!progressDue(mark, done, total, now)) return;
      mark = { done, at: now };
      await this.jobs.progress(id, done, total);
    };
    try {
      const result =
        job.kind === 'REPORTS'
          ? await this.reportImports.importFile(job.actor, { parentCode: job.parentCode, period: job.period!, format: job.format, mode: job.mode }, job.file, {
              onProgress,
              rowKey: (row) => `import-job:${id}:${row}`,
            })
          : await this.registryImports.importChildrenFile(job.actor, { parentCode: job.parentCode, format: job.format, mode: job.mode }, job.file, {
              onProgress,
              beforeCommit: async (m, r) => {
                if (!(await this.jobs.finish(m, id, { status: 'DONE', result: r }))) throw new FinishedElsewhere();
              },
            });
      await this.jobs.finish(undefined, id, { status: 'DONE', result });
      this.logger.info({ importJobId: id, kind: job.kind, attempt: job.attempts }, 'import job done');
      return 'DONE';
    } catch (e) {
      if (e instanceof FinishedElsewhere) return 'GONE';
      const known = e instanceof DomainError;
      if (!known) {
        this.logger.error({ importJobId: id, kind: job.kind, err: (e as Error).message, lastAttempt: opts.lastAttempt }, 'import job failed on an unexpected error');
        // tried again by the queue (the job stays RUNNING; the rows saved are not saved again)
        if (!opts.lastAttempt) throw e;
      }
      await this.jobs.finish(undefined, id, { status: 'FAILED', error: known ? e.message : UNEXPECTED });
      return 'FAILED';
    }
  }

  private async enqueue(job: NewImportJob): Promise<ImportJob> {
    await this.transactions.run(async (m) => {
      await this.jobs.insert(m, job);
      await this.outbox.add(m, ImportQueueJob.RUN, { importJobId: job.id });
    });
    return view((await this.jobs.find(job.id))!);
  }
}
