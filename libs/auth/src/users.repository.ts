import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@carenet/core';

export interface UserRow {
  id: number;
  username: string;
  passwordHash: string;
  roles: Role[];
  unitId: number;
  unitCode: string;
  unitPathIds: number[];
  /** The rows the home unit continues (renames, moves, merges), for the months before them. */
  lineageUnitIds: number[];
  disabled: boolean;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  unitId: number;
  unitCode: string;
  unitPathIds: number[];
  lineageUnitIds: number[];
  revoked: boolean;
  quotaPerMinute: number;
}

/**
 * The rows a home unit continues one to one or wholly (a rename, a move, a
 * merge into it), transitively: its scope covers their months before the
 * change. A split is not followed: the part continues only some of the unit.
 */
function lineageOf(unitIdColumn: string): string {
  return `(WITH RECURSIVE prev(id) AS (
      SELECT l.predecessor_id FROM admin_unit_lineage l WHERE l.successor_id = ${unitIdColumn} AND l.kind IN ('RENAME', 'MOVE', 'MERGE')
      UNION
      SELECT l.predecessor_id FROM admin_unit_lineage l JOIN prev ON l.successor_id = prev.id WHERE l.kind IN ('RENAME', 'MOVE', 'MERGE'))
    SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM prev)`;
}

const USER_COLUMNS = `
  u.id, u.username, u.password_hash AS "passwordHash", u.roles, u.unit_id AS "unitId", a.code AS "unitCode",
  string_to_array(a.path::text, '.')::int[] AS "unitPathIds", ${lineageOf('u.unit_id')} AS "lineageUnitIds", u.disabled_at IS NOT NULL AS disabled`;

/** Users and API keys. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: DataSource) {}

  /** By the normalised name (normaliseUsername): user names are ASCII, so lower() here agrees with it. */
  async findByUsername(normalisedName: string): Promise<UserRow | undefined> {
    const [row] = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM app_user u JOIN admin_unit a ON a.id = u.unit_id WHERE lower(u.username) = $1`,
      [normalisedName],
    );
    return row;
  }

  async findById(id: number): Promise<UserRow | undefined> {
    const [row] = await this.db.query(`SELECT ${USER_COLUMNS} FROM app_user u JOIN admin_unit a ON a.id = u.unit_id WHERE u.id = $1`, [id]);
    return row;
  }

  /** Inserts a user; undefined when the username is taken. */
  async insert(user: { username: string; passwordHash: string; roles: Role[]; unitId: number; createdBy: string }): Promise<number | undefined> {
    const rows: { id: number }[] = await this.db.query(
      `INSERT INTO app_user (username, password_hash, roles, unit_id, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING id`,
      [user.username, user.passwordHash, user.roles, user.unitId, user.createdBy],
    );
    return rows[0]?.id;
  }

  async insertApiKey(key: { id: string; name: string; unitId: number; secretHash: Buffer; createdBy: string }): Promise<void> {
    await this.db.query(`INSERT INTO api_key (id, name, unit_id, secret_hash, created_by) VALUES ($1, $2, $3, $4, $5)`, [
      key.id,
      key.name,
      key.unitId,
      key.secretHash,
      key.createdBy,
    ]);
  }

  async findApiKeyBySecretHash(hash: Buffer): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.query(
      `SELECT k.id, k.name, k.unit_id AS "unitId", a.code AS "unitCode", string_to_array(a.path::text, '.')::int[] AS "unitPathIds",
              ${lineageOf('k.unit_id')} AS "lineageUnitIds", k.revoked_at IS NOT NULL AS revoked, k.quota_per_minute AS "quotaPerMinute"
         FROM api_key k JOIN admin_unit a ON a.id = k.unit_id WHERE k.secret_hash = $1`,
      [hash],
    );
    return row;
  }

  async recordLogin(id: number): Promise<void> {
    await this.db.query(`UPDATE app_user SET last_login_at = now() WHERE id = $1`, [id]);
  }

  /** Revokes a key of a unit within `withinPath` (an ltree of ids); false when there is none such. */
  async revokeApiKey(id: string, withinPath: string): Promise<boolean> {
    const [, n] = await this.db.query(
      `UPDATE api_key k SET revoked_at = now() FROM admin_unit a
        WHERE k.id = $1 AND k.revoked_at IS NULL AND a.id = k.unit_id AND a.path <@ $2::ltree`,
      [id, withinPath],
    );
    return n > 0;
  }
}
