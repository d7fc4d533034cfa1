import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first-run setup (README, "The first ten minutes"): on a database with
 * no user, the web app creates the first administrator and loads the chosen
 * provinces of the real tree. `setup_run` holds one row at most (its key is
 * the constant 1), written in the transaction that creates that
 * administrator: a second setup cannot insert it. `setup_province` is the
 * progress of the provinces the worker loads after the first.
 */
export class FirstRunSetup1766000000000 implements MigrationInterface {
  name = 'FirstRunSetup1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE setup_run (
        id             smallint PRIMARY KEY DEFAULT 1 CONSTRAINT setup_run_once CHECK (id = 1),
        admin_username text NOT NULL,
        started_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE setup_province (
        province    char(2) PRIMARY KEY CONSTRAINT setup_province_code CHECK (province ~ '^[0-9]{2}$'),
        position    smallint NOT NULL,
        status      text NOT NULL DEFAULT 'WAITING' CONSTRAINT setup_province_status CHECK (status IN ('WAITING', 'LOADING', 'DONE', 'FAILED')),
        phase       text,
        done        int NOT NULL DEFAULT 0,
        total       int,
        error       text,
        finished_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE setup_province`);
    await q.query(`DROP TABLE setup_run`);
  }
}
