import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports as background jobs: the job and its file are stored here when it is
 * accepted (so a Redis restart loses nothing; the queue only carries the id),
 * the worker updates the progress and writes the result, and clears the file
 * once the job has finished.
 */
export class ImportJobs1765500000001 implements MigrationInterface {
  name = 'ImportJobs1765500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_jobs (
        id          uuid PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('REPORTS', 'REGISTRY')),
        actor_kind  text NOT NULL CHECK (actor_kind IN ('user', 'apiKey')),
        actor_id    text NOT NULL,
        actor       jsonb NOT NULL,
        unit_id     integer NOT NULL REFERENCES admin_unit (id),
        parent_code text NOT NULL,
        period      text,
        mode        text NOT NULL CHECK (mode IN ('ALL_OR_NOTHING', 'VALID_ROWS')),
        format      text NOT NULL CHECK (format IN ('CSV', 'XLSX')),
        file        bytea,
        status      text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
        attempts    integer NOT NULL DEFAULT 0,
        rows_total  integer,
        rows_done   integer NOT NULL DEFAULT 0,
        result      jsonb,
        error       text,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        started_at  timestamptz,
        finished_at timestamptz,
        CONSTRAINT import_jobs_finished CHECK ((status IN ('DONE', 'FAILED')) = (finished_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX import_jobs_actor ON import_jobs (actor_kind, actor_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_jobs`);
  }
}
