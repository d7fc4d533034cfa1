import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The one way a service opens a transaction: it hands the work a manager and
 * passes that manager to every repository call inside, so that all of them
 * run on the same connection and commit or roll back together. Services never
 * inject the DataSource themselves.
 */
@Injectable()
export class Transactions {
  constructor(private readonly db: DataSource) {}

  run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
