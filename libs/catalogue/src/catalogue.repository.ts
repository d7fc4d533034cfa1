import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { inForceIn } from '@carenet/indicators';
import type { IndicatorSpan } from './catalogue-rules.js';

const MONTH = (col: string) => `to_char(${col}, 'YYYY-MM')`;

export interface IndicatorNameVersion {
  nameZh: string;
  nameEn: string;
  validFrom: string;
  validTo: string | null;
}

export interface IndicatorHistoryRow {
  code: string;
  unit: string;
  kind: string;
  level: string;
  group: string | null;
  maxValue: number;
  validFrom: string;
  validTo: string | null;
  names: IndicatorNameVersion[];
}

export interface SubsidyStandardVersion {
  provinceCode: string;
  subsidyIndicator: string;
  headcountIndicator: string;
  headcountSource: 'VILLAGES' | 'OWN';
  monthlyFen: number;
  validFrom: string;
  validTo: string | null;
}

export interface DeadlineVersion {
  /** `000000000000` for the default every province has unless it sets its own. */
  provinceCode: string;
  level: string;
  days: number;
  validFrom: string;
  validTo: string | null;
}

/** The catalogue's tables, each row in force from one month to another (docs: migrations/1765500000000). */
@Injectable()
export class CatalogueRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** One change of the catalogue at a time: each reads the version it follows and writes the next. */
  async lock(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('carenet:catalogue'))`);
  }

  async unitCode(id: number, m: EntityManager = this.db.manager): Promise<string> {
    const [row] = await m.query(`SELECT code FROM admin_unit WHERE id = $1`, [id]);
    return row.code;
  }

  // ---- indicators ----

  async codeTaken(m: EntityManager, code: string): Promise<boolean> {
    const [row] = await m.query(`SELECT 1 FROM indicator WHERE upper(code) = upper($1)`, [code]);
    return !!row;
  }

  async indicatorSpan(m: EntityManager, code: string): Promise<IndicatorSpan | undefined> {
    const [row] = await m.query(
      `SELECT i.code, ${MONTH('i.valid_from')} AS "validFrom", ${MONTH('i.valid_to')} AS "validTo",
              ${MONTH('n.valid_from')} AS "namesFrom", n.name_zh AS "nameZh", n.name_en AS "nameEn"
         FROM indicator i
         JOIN LATERAL (SELECT * FROM indicator_name n WHERE n.code = i.code ORDER BY n.valid_from DESC LIMIT 1) n ON true
        WHERE i.code = $1 AND i.active`,
      [code],
    );
    return row;
  }

  /** The indicator as it stood in a month (`YYYY-MM-01`), if it was on the form then. */
  async indicatorIn(m: EntityManager, code: string, monthDate: string): Promise<{ kind: string; level: string } | undefined> {
    const [row] = await m.query(`SELECT kind, level FROM indicator i WHERE code = $1 AND active AND ${inForceIn('i', '$2')}`, [code, monthDate]);
    return row;
  }

  async insertIndicator(
    m: EntityManager,
    i: { code: string; nameZh: string; nameEn: string; unit: string; kind: string; level: string; maxValue: number; group: string | null; validFrom: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO indicator (code, name_zh, name_en, unit, kind, level, max_value, sort_order, group_name, valid_from)
       SELECT $1, $2, $3, $4, $5, $6::unit_level, $7, coalesce(max(sort_order), 0) + 10, $8, $9::date FROM indicator`,
      [i.code, i.nameZh, i.nameEn, i.unit, i.kind, i.level, i.maxValue, i.group, i.validFrom],
    );
    await this.insertName(m, i.code, i.validFrom, i.nameZh, i.nameEn);
  }

  /** Ends the names in force (their last month: `lastDate`) and adds the new ones from `fromDate`. */
  async rename(m: EntityManager, code: string, lastDate: string, fromDate: string, nameZh: string, nameEn: string): Promise<void> {
    await m.query(`UPDATE indicator_name SET valid_to = $2::date WHERE code = $1 AND valid_to IS NULL`, [code, lastDate]);
    await this.insertName(m, code, fromDate, nameZh, nameEn);
  }

  private async insertName(m: EntityManager, code: string, fromDate: string, nameZh: string, nameEn: string): Promise<void> {
    await m.query(`INSERT INTO indicator_name (code, valid_from, name_zh, name_en) VALUES ($1, $2::date, $3, $4)`, [code, fromDate, nameZh, nameEn]);
  }

  /** The indicator's last month on the form; its names end with it. */
  async retire(m: EntityManager, code: string, lastDate: string): Promise<void> {
    await m.query(`UPDATE indicator SET valid_to = $2::date WHERE code = $1 AND valid_to IS NULL`, [code, lastDate]);
    await m.query(`UPDATE indicator_name SET valid_to = $2::date WHERE code = $1 AND valid_to IS NULL`, [code, lastDate]);
  }

  /** Subsidy standards, of any province, that use the indicator in `fromDate` or later. */
  standardsUsing(m: EntityManager, code: string, fromDate: string): Promise<{ subsidyIndicator: string; validFrom: string }[]> {
    return m.query(
      `SELECT subsidy_indicator AS "subsidyIndicator", ${MONTH('valid_from')} AS "validFrom" FROM subsidy_standard
        WHERE $1 IN (subsidy_indicator, headcount_indicator) AND (valid_to IS NULL OR valid_to >= $2::date)
        ORDER BY province_code, subsidy_indicator, valid_from`,
      [code, fromDate],
    );
  }

  async indicatorHistory(code?: string | null, m: EntityManager = this.db.manager): Promise<IndicatorHistoryRow[]> {
    return m.query(
      `SELECT i.code, i.unit, i.kind, i.level, i.group_name AS "group", i.max_value AS "maxValue",
              ${MONTH('i.valid_from')} AS "validFrom", ${MONTH('i.valid_to')} AS "validTo",
              (SELECT json_agg(json_build_object('nameZh', n.name_zh, 'nameEn', n.name_en, 'validFrom', ${MONTH('n.valid_from')}, 'validTo', ${MONTH('n.valid_to')})
                        ORDER BY n.valid_from)
                 FROM indicator_name n WHERE n.code = i.code) AS names
         FROM indicator i
        WHERE i.active AND ($1::text IS NULL OR i.code = $1)
        ORDER BY i.sort_order, i.code`,
      [code ?? null],
    );
  }

  // ---- subsidy standards ----

  async latestStandard(m: EntityManager, provinceCode: string, subsidyIndicator: string): Promise<SubsidyStandardVersion | undefined> {
    const [row] = await this.standards({ provinceCode, subsidyIndicator, latestOnly: true }, m);
    return row;
  }

  standards(q: { provinceCode: string; subsidyIndicator?: string; latestOnly?: boolean }, m: EntityManager = this.db.manager): Promise<SubsidyStandardVersion[]> {
    return m.query(
      `SELECT province_code AS "provinceCode", subsidy_indicator AS "subsidyIndicator", headcount_indicator AS "headcountIndicator",
              headcount_source AS "headcountSource", monthly_fen AS "monthlyFen", ${MONTH('valid_from')} AS "validFrom", ${MONTH('valid_to')} AS "validTo"
         FROM subsidy_standard
        WHERE province_code = $1 AND ($2::text IS NULL OR subsidy_indicator = $2)
        ORDER BY subsidy_indicator, valid_from ${q.latestOnly ? 'DESC LIMIT 1' : ''}`,
      [q.provinceCode, q.subsidyIndicator ?? null],
    );
  }

  async addStandard(m: EntityManager, s: Omit<SubsidyStandardVersion, 'validTo' | 'validFrom'>, fromDate: string, lastDate: string): Promise<void> {
    await m.query(`UPDATE subsidy_standard SET valid_to = $3::date WHERE province_code = $1 AND subsidy_indicator = $2 AND valid_to IS NULL`, [
      s.provinceCode,
      s.subsidyIndicator,
      lastDate,
    ]);
    await m.query(
      `INSERT INTO subsidy_standard (province_code, subsidy_indicator, headcount_indicator, headcount_source, monthly_fen, valid_from)
       VALUES ($1, $2, $3, $4, $5, $6::date)`,
      [s.provinceCode, s.subsidyIndicator, s.headcountIndicator, s.headcountSource, s.monthlyFen, fromDate],
    );
  }

  // ---- deadlines ----

  /** The province's own rules and the defaults, oldest first. */
  deadlines(provinceCode: string, q: { level?: string; latestOnly?: boolean } = {}, m: EntityManager = this.db.manager): Promise<DeadlineVersion[]> {
    return m.query(
      `SELECT province_code AS "provinceCode", level, days, ${MONTH('valid_from')} AS "validFrom", ${MONTH('valid_to')} AS "validTo"
         FROM report_deadline
        WHERE province_code = ANY($1::text[]) AND ($2::text IS NULL OR level = $2::unit_level)
        ORDER BY province_code DESC, level, valid_from ${q.latestOnly ? 'DESC LIMIT 1' : ''}`,
      [q.latestOnly ? [provinceCode] : [provinceCode, '000000000000'], q.level ?? null],
    );
  }

  async addDeadline(m: EntityManager, d: { provinceCode: string; level: string; days: number }, fromDate: string, lastDate: string): Promise<void> {
    await m.query(`UPDATE report_deadline SET valid_to = $3::date WHERE province_code = $1 AND level = $2::unit_level AND valid_to IS NULL`, [
      d.provinceCode,
      d.level,
      lastDate,
    ]);
    await m.query(`INSERT INTO report_deadline (province_code, level, days, valid_from) VALUES ($1, $2::unit_level, $3, $4::date)`, [
      d.provinceCode,
      d.level,
      d.days,
      fromDate,
    ]);
  }
}
