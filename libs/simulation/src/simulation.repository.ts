import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { existedIn } from '@carenet/admin-tree';
import type { ReportStatus } from '@carenet/core';

export interface SimUnit {
  id: number;
  code: string;
  depth: number;
  parentId: number | null;
}

@Injectable()
export class SimulationRepository {
  constructor(private readonly db: DataSource) {}

  /** Every unit of a province as the tree stood that month, deepest first. */
  unitsOf(provinceCode: string, periodDate: string): Promise<SimUnit[]> {
    return this.db.query(
      `SELECT u.id, u.code, u.depth, u.parent_id AS "parentId"
         FROM admin_unit u JOIN admin_unit p ON p.code = $1 AND p.depth = 1 AND u.path <@ p.path
        WHERE ${existedIn('u', '$2')}
        ORDER BY u.depth DESC, u.code`,
      [provinceCode, periodDate],
    );
  }

  /** Current report version and status per unit for the month. */
  async versions(unitIds: number[], periodDate: string): Promise<Map<number, { version: number; status: ReportStatus }>> {
    const rows: { unitId: number; version: number; status: ReportStatus }[] = await this.db.query(
      `SELECT unit_id AS "unitId", version, status FROM report WHERE unit_id = ANY($1::int[]) AND period = $2::date`,
      [unitIds, periodDate],
    );
    return new Map(rows.map((r) => [r.unitId, { version: r.version, status: r.status }]));
  }

  async provinces(): Promise<string[]> {
    const rows: { code: string }[] = await this.db.query(`SELECT code FROM admin_unit WHERE depth = 1 AND valid_to IS NULL ORDER BY code`);
    return rows.map((r) => r.code);
  }
}
