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

  /**
   * `claim` for many keys of one operation at once, each with its request's
   * hash; per key, in the order given, whether it was claimed now or, if
   * claimed before, whether with the same request.
   */
  async claimMany(m: EntityManager, actor: string, keys: string[], operation: string, shas: Buffer[]): Promise<({ claimed: true } | { claimed: false; sameRequest: boolean })[]> {
    if (keys.length === 0) return [];
    const made: { key: string }[] = await m.query(
      `INSERT INTO idempotency_key (actor, key, operation, request_sha)
       SELECT $1, k.key, $3, k.sha FROM unnest($2::text[], $4::bytea[]) WITH ORDINALITY AS k(key, sha, ord) ORDER BY k.ord
       ON CONFLICT DO NOTHING RETURNING key`,
      [actor, keys, operation, shas],
    );
    const claimed = new Set(made.map((r) => r.key));
    const others = keys.filter((k) => !claimed.has(k));
    // a statement of its own: it sees claims committed while the insert waited for them
    const existing: { key: string; operation: string; request_sha: Buffer }[] = others.length
      ? await m.query(`SELECT key, operation, request_sha FROM idempotency_key WHERE actor = $1 AND key = ANY($2::text[])`, [actor, others])
      : [];
    const byKey = new Map(existing.map((e) => [e.key, e]));
    return keys.map((key, i) => {
      if (claimed.has(key)) return { claimed: true };
      const e = byKey.get(key);
      return { claimed: false, sameRequest: !!e && e.operation === operation && Buffer.compare(e.request_sha, shas[i]!) === 0 };
    });
  }

  /** Gives back keys claimed in this transaction for changes that were refused after all. */
  async release(m: EntityManager, actor: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await m.query(`DELETE FROM idempotency_key WHERE actor = $1 AND key = ANY($2::text[])`, [actor, keys]);
  }

  async storeResponse(m: EntityManager, actor: string, key: string, response: unknown): Promise<void> {
    await m.query(`UPDATE idempotency_key SET response = $3::jsonb WHERE actor = $1 AND key = $2`, [actor, key, JSON.stringify(response)]);
  }
}
