import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Transactions } from '@carenet/database';
import type { Actor } from '@carenet/core';
import { IdempotencyRepository } from './idempotency.repository.js';
import { ReportingError, ReportingErrorReason } from './reporting.errors.js';

function stableHash(value: unknown): Buffer {
  return createHash('sha256').update(JSON.stringify(value)).digest();
}

/**
 * A change made safe to repeat (docs/api.md): the first call with a key does the
 * work and stores its answer in the same transaction; a repeat with the same
 * request gets that answer; the same key with another request is CONFLICT.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly transactions: Transactions,
  ) {}

  once<T>(actor: Actor, operation: string, key: string | null | undefined, request: unknown, work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (key !== undefined && key !== null && (key.length < 1 || key.length > 200)) {
      throw new ReportingError(ReportingErrorReason.INVALID_INPUT, 'idempotencyKey: 1 to 200 characters', { field: 'idempotencyKey' });
    }
    return this.transactions.run(async (m) => {
      if (!key) return work(m);
      const claim = await this.keys.claim(m, actor.name, key, operation, stableHash(request));
      if (!claim.claimed) {
        if (!claim.sameRequest) {
          throw new ReportingError(ReportingErrorReason.IDEMPOTENCY_KEY_REUSED, 'idempotencyKey: already used for a different request; use a new key for a new change', {
            field: 'idempotencyKey',
          });
        }
        return claim.response as T;
      }
      const result = await work(m);
      await this.keys.storeResponse(m, actor.name, key, result);
      return result;
    });
  }
}
