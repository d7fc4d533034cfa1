import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@carenet/core';

export interface ManagedUserRow {
  id: number;
  username: string;
  roles: Role[];
  unitId: number;
  unitCode: string;
  unitPathIds: number[];
  disabled: boolean;
  lastLoginAt: Date | null;
  mustChangePassword: boolean;
  createdAt: Date;
}

export interface ManagedApiKeyRow {
  id: string;
  name: string;
  unitId: number;
  unitCode: string;
  unitPathIds: number[];
  revoked: boolean;
  quotaPerMinute: number;
  createdAt: Date;
  createdBy: string;
}

const USER = `
  u.id, u.username, u.roles, u.unit_id AS "unitId", a.code AS "unitCode",
  string_to_array(a.path::text, '.')::int[] AS "unitPathIds", u.disabled_at IS NOT NULL AS disabled,
  u.last_login_at AS "lastLoginAt", u.must_change_password AS "mustChangePassword", u.created_at AS "createdAt"`;

const KEY = `
  k.id, k.name, k.unit_id AS "unitId", a.code AS "unitCode", string_to_array(a.path::text, '.')::int[] AS "unitPathIds",
  k.revoked_at IS NOT NULL AS revoked, k.quota_per_minute AS "quotaPerMinute", k.created_at AS "createdAt", k.created_by AS "createdBy"`;

/** Users and API keys as administrators list and change them. */
@Injectable()
export class UserAdminRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Users homed in the subtree of `rootPath` (ids joined by '.'), by username; `search` matches the username. */
  async listUsers(q: { rootPath: string; search: string | null; after: [string, number] | null; limit: number }): Promise<ManagedUserRow[]> {
    return this.db.query(
      `SELECT ${USER} FROM app_user u JOIN admin_unit a ON a.id = u.unit_id
        WHERE a.path <@ $1::ltree
          AND ($2::text IS NULL OR u.username ILIKE '%' || $2 || '%' OR a.name ILIKE '%' || $2 || '%')
          AND ($3::text IS NULL OR (lower(u.username), u.id) > ($3, $4::int))
        ORDER BY lower(u.username), u.id
        LIMIT $5`,
      [q.rootPath, q.search, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit],
    );
  }

  async countUsers(q: { rootPath: string; search: string | null }): Promise<number> {
    const [{ n }] = await this.db.query(
      `SELECT count(*)::int AS n FROM app_user u JOIN admin_unit a ON a.id = u.unit_id
        WHERE a.path <@ $1::ltree AND ($2::text IS NULL OR u.username ILIKE '%' || $2 || '%' OR a.name ILIKE '%' || $2 || '%')`,
      [q.rootPath, q.search],
    );
    return n;
  }

  async findUser(id: number, m?: EntityManager): Promise<ManagedUserRow | undefined> {
    const [row] = await (m ?? this.db.manager).query(`SELECT ${USER} FROM app_user u JOIN admin_unit a ON a.id = u.unit_id WHERE u.id = $1`, [id]);
    return row;
  }

  async setDisabled(m: EntityManager, id: number, disabled: boolean): Promise<void> {
    await m.query(`UPDATE app_user SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) ELSE NULL END WHERE id = $1`, [id, disabled]);
  }

  async setPassword(m: EntityManager, id: number, passwordHash: string, mustChange: boolean): Promise<void> {
    await m.query(`UPDATE app_user SET password_hash = $2, must_change_password = $3, password_changed_at = now() WHERE id = $1`, [id, passwordHash, mustChange]);
  }

  async passwordHash(id: number): Promise<string | undefined> {
    const [row] = await this.db.query(`SELECT password_hash AS h FROM app_user WHERE id = $1`, [id]);
    return row?.h;
  }

  async setRolesAndUnit(m: EntityManager, id: number, roles: Role[], unitId: number): Promise<void> {
    await m.query(`UPDATE app_user SET roles = $2, unit_id = $3 WHERE id = $1`, [id, roles, unitId]);
  }

  async mustChangePassword(id: number): Promise<boolean> {
    const [row] = await this.db.query(`SELECT must_change_password AS m FROM app_user WHERE id = $1`, [id]);
    return !!row?.m;
  }

  async listApiKeys(q: { rootPath: string; after: [string, string] | null; limit: number }): Promise<ManagedApiKeyRow[]> {
    return this.db.query(
      `SELECT ${KEY} FROM api_key k JOIN admin_unit a ON a.id = k.unit_id
        WHERE a.path <@ $1::ltree AND ($2::timestamptz IS NULL OR (k.created_at, k.id) < ($2::timestamptz, $3::uuid))
        ORDER BY k.created_at DESC, k.id DESC
        LIMIT $4`,
      [q.rootPath, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit],
    );
  }

  async countApiKeys(rootPath: string): Promise<number> {
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM api_key k JOIN admin_unit a ON a.id = k.unit_id WHERE a.path <@ $1::ltree`, [rootPath]);
    return n;
  }

  async findApiKey(id: string, m?: EntityManager): Promise<ManagedApiKeyRow | undefined> {
    const [row] = await (m ?? this.db.manager).query(`SELECT ${KEY} FROM api_key k JOIN admin_unit a ON a.id = k.unit_id WHERE k.id = $1`, [id]);
    return row;
  }

  async revokeApiKey(m: EntityManager, id: string): Promise<boolean> {
    const [, n] = await m.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
    return n > 0;
  }

  async setQuota(m: EntityManager, id: string, quota: number): Promise<void> {
    await m.query(`UPDATE api_key SET quota_per_minute = $2 WHERE id = $1`, [id, quota]);
  }

  async countAdminAudit(rootPath: string, action: string | null): Promise<number> {
    const [{ n }] = await this.db.query(
      `SELECT count(*)::int AS n FROM admin_audit e JOIN admin_unit a ON a.id = e.unit_id WHERE a.path <@ $1::ltree AND ($2::text IS NULL OR e.action = $2)`,
      [rootPath, action],
    );
    return n;
  }
}
