import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, UnitRef } from '@carenet/core';
import type { ImportJobKind, ImportJobStatus } from './import-job.js';

/** An import job as stored, without its file. */
export interface ImportJobRow {
  id: string;
  kind: ImportJobKind;
  actorKind: Actor['kind'];
  actorId: string;
  actor: Actor;
  unit: UnitRef;
  parentCode: string;
  period: string | null;
  mode: 'ALL_OR_NOTHING' | 'VALID_ROWS';
  format: 'CSV' | 'XLSX';
  status: ImportJobStatus;
  attempts: number;
  rowsTotal: number | null;
  rowsDone: number;
  result: unknown;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewImportJob {
  id: string;
  kind: ImportJobKind;
  actor: Actor;
  unitId: number;
  parentCode: string;
  period: string | null;
  mode: ImportJobRow['mode'];
  format: ImportJobRow['format'];
  file: Buffer;
}

const COLUMNS = `
  j.id, j.kind, j.actor_kind AS "actorKind", j.actor_id AS "actorId", j.actor,
  json_build_object('id', u.id, 'code', u.code, 'depth', u.depth, 'pathIds', string_to_array(u.path::text, '.')::int[]) AS unit,
  j.parent_code AS "parentCode", j.period, j.mode, j.format, j.status, j.attempts,
  j.rows_total AS "rowsTotal", j.rows_done AS "rowsDone", j.result, j.error,
  j.created_at AS "createdAt", j.started_at AS "startedAt", j.finished_at AS "finishedAt"`;

/** Every SQL statement about import jobs (import_jobs). */
@Injectable()
export class ImportJobsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(m: EntityManager, job: NewImportJob): Promise<void> {
    await m.query(
      `INSERT INTO import_jobs (id, kind, actor_kind, actor_id, actor, unit_id, parent_code, period, mode, format, file)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11)`,
      [job.id, job.kind, job.actor.kind, String(job.actor.id), JSON.stringify(job.actor), job.unitId, job.parentCode, job.period, job.mode, job.format, job.file],
    );
  }

  async find(id: string): Promise<ImportJobRow | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM import_jobs j JOIN admin_unit u ON u.id = j.unit_id WHERE j.id = $1`, [id]);
    return row;
  }

  /**
   * Takes a queued or interrupted job to run: RUNNING, one more attempt, and
   * its file. None when it has finished already (a repeated delivery) or is unknown.
   */
  async begin(id: string): Promise<(ImportJobRow & { file: Buffer }) | undefined> {
    const [row] = await this.db.query(
      `WITH taken AS (
         UPDATE import_jobs SET status = 'RUNNING', attempts = attempts + 1, started_at = coalesce(started_at, clock_timestamp())
          WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') AND file IS NOT NULL
          RETURNING *)
       SELECT ${COLUMNS}, j.file FROM taken j JOIN admin_unit u ON u.id = j.unit_id`,
      [id],
    );
    return row;
  }

  /** The progress so far (outside any import transaction, so readers see it at once). */
  async progress(id: string, done: number, total: number): Promise<void> {
    await this.db.query(`UPDATE import_jobs SET rows_done = $2, rows_total = $3 WHERE id = $1 AND status = 'RUNNING'`, [id, done, total]);
  }

  /**
   * Finishes a running job with its result or the reason it failed, and drops
   * the file. In the caller's transaction when given (the import's own, so the
   * rows and the job's end commit together). False when it had finished already.
   */
  async finish(m: EntityManager | undefined, id: string, end: { status: 'DONE'; result: unknown } | { status: 'FAILED'; error: string }): Promise<boolean> {
    // an UPDATE answers [rows, count]
    const [rows] = await (m ?? this.db.manager).query(
      `UPDATE import_jobs
          SET status = $2, result = $3::jsonb, error = $4, file = NULL, finished_at = clock_timestamp(),
              rows_done = CASE WHEN $2 = 'DONE' THEN coalesce(rows_total, rows_done) ELSE rows_done END
        WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')
        RETURNING id`,
      [id, end.status, end.status === 'DONE' ? JSON.stringify(end.result) : null, end.status === 'FAILED' ? end.error : null],
    );
    return rows.length > 0;
  }
}
