import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Indicator } from './indicator.js';

export interface SubsidyStandardRow {
  subsidyIndicator: string;
  headcountIndicator: string;
  headcountSource: 'VILLAGES' | 'OWN';
  monthlyFen: number;
}

/** The indicator catalogue and the per-province data that goes with it. */
@Injectable()
export class IndicatorsRepository {
  constructor(private readonly db: DataSource) {}

  listActive(): Promise<Indicator[]> {
    return this.db.query(
      `SELECT code, name_zh AS "nameZh", name_en AS "nameEn", unit, kind, level, max_value AS "maxValue", sort_order AS "sortOrder"
         FROM indicator WHERE active ORDER BY sort_order, code`,
    );
  }

  /** The standards in force for a province in a year: the latest year not after it. */
  subsidyStandards(provinceCode: string, year: number, manager: EntityManager = this.db.manager): Promise<SubsidyStandardRow[]> {
    return manager.query(
      `SELECT DISTINCT ON (subsidy_indicator) subsidy_indicator AS "subsidyIndicator", headcount_indicator AS "headcountIndicator",
              headcount_source AS "headcountSource", monthly_fen AS "monthlyFen"
         FROM subsidy_standard WHERE province_code = $1 AND year <= $2
        ORDER BY subsidy_indicator, year DESC`,
      [provinceCode, year],
    );
  }

  /** Days after the month ends by which a level's report is due (the province's own, else the default). */
  async deadlineDays(provinceCode: string, level: string, manager: EntityManager = this.db.manager): Promise<number> {
    const [row] = await manager.query(
      `SELECT days FROM report_deadline WHERE level = $2::unit_level AND province_code IN ($1, '000000000000')
        ORDER BY (province_code = $1) DESC LIMIT 1`,
      [provinceCode, level],
    );
    return row?.days ?? 10;
  }
}
