import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound, parseUnitCode, requireScope, type Actor, type UnitRef } from '@carenet/core';

export interface RegistryUnit extends UnitRef {
  name: string;
  level: string;
  path: string;
}

const COLUMNS = `id, code, name, level, depth, path::text AS path, string_to_array(path::text, '.')::int[] AS "pathIds"`;

/** The units the registry names: villages files live in, and the units counts and lists are asked for. */
@Injectable()
export class RegistryUnitsRepository {
  constructor(private readonly db: DataSource) {}

  /** A village of today's tree by its code (12 digits or 12-digit short form). */
  async currentVillage(code: string): Promise<RegistryUnit | undefined> {
    let key;
    try {
      key = parseUnitCode(String(code), 'villageCode');
    } catch {
      return undefined;
    }
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM admin_unit WHERE code = $1 AND depth = 5 AND valid_to IS NULL`, [key.code]);
    return row;
  }

  /** The unit a code names (the shallowest with that code) as it was in a month (today's tree without one). */
  async unit(code: string, periodDate: string | null, field: string): Promise<RegistryUnit | undefined> {
    const key = parseUnitCode(String(code), field);
    const [row] = await this.db.query(
      `SELECT ${COLUMNS} FROM admin_unit
        WHERE code = $1 AND ($2::int IS NULL OR depth = $2)
          AND (CASE WHEN $3::date IS NULL THEN valid_to IS NULL ELSE valid_from <= $3::date AND (valid_to IS NULL OR valid_to >= $3::date) END)
        ORDER BY depth LIMIT 1`,
      [key.code, key.depth, periodDate],
    );
    return row;
  }

  /** A unit the actor may read (as reports): anything else is NOT_FOUND, exactly like a unit that does not exist. */
  async visibleUnit(actor: Actor, code: string, field: string, periodDate: string | null = null): Promise<RegistryUnit> {
    const unit = await this.unit(code, periodDate, field);
    if (!unit) throw notFound(parseUnitCode(String(code), field).code, field);
    requireScope(actor, unit, 'READ', field);
    return unit;
  }
}
