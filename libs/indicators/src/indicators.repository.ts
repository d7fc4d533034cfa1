import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Indicator } from './indicator.js';
import { inForceIn } from './in-force.js';

export interface SubsidyStandardRow {
  subsidyIndicator: string;
  headcountIndicator: string;
  headcountSource: 'VILLAGES' | 'OWN';
  monthlyFen: number;
}

/** The indicator catalogue and the per-province data that goes with it, each as it stood in a month. */
@Injectable()
export class IndicatorsRepository {
  constructor(private readonly db: DataSource) {}

  /** The indicators on the form in a month (`YYYY-MM-01`), with the names they had then. */
  listFor(monthDate: string): Promise<Indicator[]> {
    return this.db.query(
      `SELECT i.code, n.name_zh AS "nameZh", n.name_en AS "nameEn", i.unit, i.kind, i.level, i.max_value AS "maxValue", i.sort_order AS "sortOrder",
              i.group_name AS "group", to_char(i.valid_from, 'YYYY-MM') AS "validFrom", to_char(i.valid_to, 'YYYY-MM') AS "validTo"
         FROM indicator i
         JOIN indicator_name n ON n.code = i.code AND ${inForceIn('n', '$1')}
        WHERE i.active AND ${inForceIn('i', '$1')}
        ORDER BY i.sort_order, i.code`,
      [monthDate],
    );
  }

  /** The standards in force for a province in a month (`YYYY-MM-01`). */
  subsidyStandards(provinceCode: string, monthDate: string, manager: EntityManager = this.db.manager): Promise<SubsidyStandardRow[]> {
    return manager.query(
      `SELECT subsidy_indicator AS "subsidyIndicator", headcount_indicator AS "headcountIndicator",
              headcount_source AS "headcountSource", monthly_fen AS "monthlyFen"
         FROM subsidy_standard s WHERE province_code = $1 AND ${inForceIn('s', '$2')}
        ORDER BY subsidy_indicator`,
      [provinceCode, monthDate],
    );
  }

  /** Days after the month (`YYYY-MM-01`) ends by which a level's report is due (the province's own rule then, else the default). */
  async deadlineDays(provinceCode: string, level: string, monthDate: string, manager: EntityManager = this.db.manager): Promise<number> {
    const [row] = await manager.query(
      `SELECT days FROM report_deadline d WHERE level = $2::unit_level AND province_code IN ($1, '000000000000') AND ${inForceIn('d', '$3')}
        ORDER BY (province_code = $1) DESC LIMIT 1`,
      [provinceCode, level, monthDate],
    );
    return row?.days ?? 10;
  }
}
