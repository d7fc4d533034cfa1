import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { ImportQueueJob, OutboxRepository } from '@carenet/queue';
import type { SetupProvince } from './setup.rules.js';

/** The key of the advisory lock only one setup holds at a time (any number; 'setup' in ASCII). */
const SETUP_LOCK = 0x7365747570;

@Injectable()
export class SetupRepository {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Whether setup is over: a user exists, or a setup has recorded its administrator. */
  async closed(m: EntityManager | DataSource = this.db): Promise<boolean> {
    const [{ closed }] = await m.query(`SELECT EXISTS (SELECT 1 FROM app_user) OR EXISTS (SELECT 1 FROM setup_run) AS closed`);
    return closed;
  }

  /**
   * Runs `work` holding the setup lock on a connection of its own, or answers
   * undefined at once when another setup holds it.
   */
  async underLock<T>(work: (runner: QueryRunner) => Promise<T>): Promise<{ value: T } | undefined> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ got }] = await runner.query(`SELECT pg_try_advisory_lock($1::bigint) AS got`, [SETUP_LOCK]);
      if (!got) return undefined;
      try {
        return { value: await work(runner) };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1::bigint)`, [SETUP_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Records the setup (its one row: a second insert fails), the provinces in
   * order (the first already loaded) and the job that loads the rest, in one
   * transaction: the job reaches the worker through the outbox.
   */
  async record(m: EntityManager, adminUsername: string, provinces: string[]): Promise<void> {
    await m.query(`INSERT INTO setup_run (admin_username) VALUES ($1)`, [adminUsername]);
    await m.query(
      `INSERT INTO setup_province (province, position, status, finished_at)
       SELECT p, ord, CASE WHEN ord = 1 THEN 'DONE' ELSE 'WAITING' END, CASE WHEN ord = 1 THEN now() END
         FROM unnest($1::text[]) WITH ORDINALITY AS t(p, ord)`,
      [provinces],
    );
    if (provinces.length > 1) await this.outbox.add(m, ImportQueueJob.DIVISIONS, {});
  }

  /** The provinces of the setup in order, with their progress (names as the caller knows them). */
  async progress(): Promise<Omit<SetupProvince, 'name'>[]> {
    return this.db.query(
      `SELECT province, status, phase, done, total, error FROM setup_province ORDER BY position`,
    );
  }

  /** The next province not yet loaded (a LOADING one is a run a dead worker left: taken again). */
  async nextToLoad(): Promise<string | undefined> {
    const [row] = await this.db.query(`SELECT province FROM setup_province WHERE status IN ('WAITING', 'LOADING') ORDER BY position LIMIT 1`);
    return row?.province;
  }

  async mark(province: string, change: { status?: string; phase?: string | null; done?: number; total?: number | null; error?: string | null }): Promise<void> {
    await this.db.query(
      `UPDATE setup_province SET
         status = coalesce($2, status),
         phase = CASE WHEN $3::boolean THEN $4 ELSE phase END,
         done = coalesce($5, done),
         total = CASE WHEN $6::boolean THEN $7 ELSE total END,
         error = CASE WHEN $8::boolean THEN $9 ELSE error END,
         finished_at = CASE WHEN coalesce($2, status) IN ('DONE', 'FAILED') THEN now() END
       WHERE province = $1`,
      [
        province,
        change.status ?? null,
        'phase' in change,
        change.phase ?? null,
        change.done ?? null,
        'total' in change,
        change.total ?? null,
        'error' in change,
        change.error ?? null,
      ],
    );
  }
}
