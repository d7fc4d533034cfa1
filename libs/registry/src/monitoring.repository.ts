import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HOLDS, SUMMARY_COLUMNS } from './children.repository.js';

/**
 * $1: the month (first day); $2: the unit's ltree path. `live`: the files
 * open on the month's last day whose child lived in the subtree that day.
 */
const LIVE = `
  b AS (SELECT $1::date AS m, ($1::date + interval '1 month' - interval '1 day')::date AS d, ($1::date - 1) AS pd),
  live AS (
    SELECT r.child_id
      FROM b, child_residence r JOIN child c ON c.id = r.child_id
     WHERE ${HOLDS('r', 'b.d')} AND r.unit_id IN (SELECT id FROM admin_unit WHERE path <@ $2::ltree AND depth = 5)
       AND c.opened_on <= b.d AND (c.exited_on IS NULL OR c.exited_on > b.d))`;

/** Each list as one statement: its rows (capped) and, on its own, its size. */
const QUERIES = {
  /** Grade now vs at the end of the month before; no grade there: NEW. Ungraded now: not counted. */
  transitions: `
    WITH ${LIVE}
    SELECT pg.grade AS "from", g.grade AS "to", count(*)::int AS count
      FROM b CROSS JOIN live l
      JOIN child_grade g ON g.child_id = l.child_id AND ${HOLDS('g', 'b.d')}
      LEFT JOIN child_grade pg ON pg.child_id = l.child_id AND ${HOLDS('pg', 'b.pd')}
     GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2`,
  /** The grade's cadence has run out by the month's end (never graded: due since the file opened). */
  reassessments: `
    WITH ${LIVE},
    due AS (
      SELECT l.child_id, g.grade,
             CASE WHEN g.child_id IS NULL THEN c.opened_on ELSE (g.valid_from + make_interval(months => rc.reassess_months))::date END AS due_on
        FROM b CROSS JOIN live l JOIN child c ON c.id = l.child_id
        LEFT JOIN child_grade g ON g.child_id = l.child_id AND ${HOLDS('g', 'b.d')}
        LEFT JOIN registry_cadence rc ON rc.grade = g.grade)
    SELECT due.child_id, to_char(due.due_on, 'YYYY-MM-DD') AS "dueOn" FROM b, due WHERE due.due_on <= b.d`,
  /** No visit within the grade's visit cadence (ungraded: the slowest cadence) up to the month's end; by helper. */
  visits: `
    WITH ${LIVE},
    last AS (
      SELECT l.child_id, c.opened_on,
             (SELECT max(vi.visited_on) FROM child_visit vi WHERE vi.child_id = l.child_id AND vi.visited_on <= b.d) AS last_visit,
             coalesce(rc.visit_months, (SELECT max(visit_months) FROM registry_cadence)) AS months,
             h.name AS helper_name, h.role AS helper_role
        FROM b CROSS JOIN live l JOIN child c ON c.id = l.child_id
        LEFT JOIN child_grade g ON g.child_id = l.child_id AND ${HOLDS('g', 'b.d')}
        LEFT JOIN registry_cadence rc ON rc.grade = g.grade
        LEFT JOIN child_helper h ON h.child_id = l.child_id AND ${HOLDS('h', 'b.d')})
    SELECT last.child_id, last.helper_name AS "helperName", last.helper_role AS "helperRole",
           to_char(last.last_visit, 'YYYY-MM-DD') AS "lastVisitOn",
           to_char((coalesce(last.last_visit, last.opened_on) + make_interval(months => last.months))::date, 'YYYY-MM-DD') AS "dueOn"
      FROM b, last WHERE (coalesce(last.last_visit, last.opened_on) + make_interval(months => last.months))::date <= b.d`,
  /** Eighteenth birthday within the next month (the month only: lists carry no day of birth). */
  turning18: `
    WITH ${LIVE}
    SELECT l.child_id, to_char(c.birth_month + interval '18 years', 'YYYY-MM') AS "turns18In"
      FROM b CROSS JOIN live l JOIN child c ON c.id = l.child_id
     WHERE (c.birth_month + interval '18 years')::date = (b.m + interval '1 month')::date`,
  withoutHelper: `
    WITH ${LIVE}
    SELECT l.child_id FROM b CROSS JOIN live l
     WHERE NOT EXISTS (SELECT 1 FROM child_helper h WHERE h.child_id = l.child_id AND ${HOLDS('h', 'b.d')})`,
};

export type MonitoringList = Exclude<keyof typeof QUERIES, 'transitions'>;

@Injectable()
export class MonitoringRepository {
  constructor(private readonly db: DataSource) {}

  transitions(periodDate: string, unitPath: string): Promise<{ from: string | null; to: string; count: number }[]> {
    return this.db.query(QUERIES.transitions, [periodDate, unitPath]);
  }

  async count(list: MonitoringList, periodDate: string, unitPath: string): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM (${QUERIES[list]}) x`, [periodDate, unitPath]);
    return row.n;
  }

  /** The list's rows with the children's summaries (masked), by name. */
  rows(list: MonitoringList, periodDate: string, unitPath: string, limit: number): Promise<Record<string, any>[]> {
    return this.db.query(
      `SELECT x.*, ${SUMMARY_COLUMNS}
         FROM (${QUERIES[list]}) x JOIN child c ON c.id = x.child_id JOIN admin_unit v ON v.id = c.unit_id
        ORDER BY c.name, c.id LIMIT $3`,
      [periodDate, unitPath, limit],
    );
  }
}
