import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface AdminAuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  unitCode: string | null;
  target: string | null;
  details: Record<string, unknown>;
}

export interface AdminAuditRecord {
  actorId: number | null;
  actor: string;
  /** UPPER_SNAKE: USER_CREATE, USER_DISABLE, API_KEY_REVOKE, TREE_MOVE, INDICATOR_ADD, QUEUE_CLEAN, … */
  action: string;
  /** The unit the action concerns; the entry is visible to the ADMINs of it and of its ancestors. */
  unitId: number | null;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** The administrators' audit table (append-only). */
@Injectable()
export class AdminAuditRepository {
  constructor(private readonly db: DataSource) {}

  /** Writes inside the caller's transaction when one is given, so the audit commits with the change. */
  async append(entry: AdminAuditRecord, m?: EntityManager): Promise<void> {
    await (m ?? this.db.manager).query(
      `INSERT INTO admin_audit (actor_id, actor, action, unit_id, target, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [entry.actorId, entry.actor, entry.action, entry.unitId, entry.target ?? null, JSON.stringify(entry.details ?? {})],
    );
  }

  /** Entries about units under `path` (an ltree of ids), newest first; a province administrator (`path` null) sees all. */
  async list(q: { path: string | null; action?: string; beforeId?: number; limit: number }): Promise<AdminAuditEntry[]> {
    return this.db.query(
      `SELECT e.id, e.at, e.actor, e.action, a.code AS "unitCode", e.target, e.details
         FROM admin_audit e
         LEFT JOIN LATERAL (SELECT code, path FROM admin_unit WHERE id = e.unit_id) a ON true
        WHERE ($1::ltree IS NULL OR a.path <@ $1::ltree)
          AND ($2::text IS NULL OR e.action = $2)
          AND ($3::bigint IS NULL OR e.id < $3)
        ORDER BY e.id DESC
        LIMIT $4`,
      [q.path, q.action ?? null, q.beforeId ?? null, q.limit],
    );
  }
}
