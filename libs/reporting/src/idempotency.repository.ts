import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The idempotency keys of changes: claimed inside the change's transaction, answered from the stored response. */
@Injectable()
export class IdempotencyRepository {
  /** Claims a key inside the caller's transaction; when already claimed, what it was claimed with. */
  async claim(
    m: EntityManager,
    actor: string,
    key: string,
    operation: string,
    sha: Buffer,
  ): Promise<{ claimed: true } | { claimed: false; sameRequest: boolean; response: unknown }> {
    const rows = await m.query(
      `INSERT INTO idempotency_key (actor, key, operation, request_sha) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
      [actor, key, operation, sha],
    );
    if (rows.length === 1) return { claimed: true };
    const [existing] = await m.query(`SELECT operation, request_sha, response FROM idempotency_key WHERE actor = $1 AND key = $2`, [actor, key]);
    return { claimed: false, sameRequest: existing.operation === operation && Buffer.compare(existing.request_sha, sha) === 0, response: existing.response };
  }

  async storeResponse(m: EntityManager, actor: string, key: string, response: unknown): Promise<void> {
    await m.query(`UPDATE idempotency_key SET response = $3::jsonb WHERE actor = $1 AND key = $2`, [actor, key, JSON.stringify(response)]);
  }
}
