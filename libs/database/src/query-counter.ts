import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import type { Logger } from 'pino';

/**
 * TypeORM's logger: counts every statement (tests assert bounds on the number
 * of statements a request makes) and logs at debug level, errors at error.
 */
export class CountingTypeOrmLogger implements TypeOrmLogger {
  private statements = 0;
  constructor(private readonly logger?: Logger) {}

  get count(): number {
    return this.statements;
  }
  reset(): void {
    this.statements = 0;
  }

  logQuery(query: string, parameters?: unknown[], _queryRunner?: QueryRunner) {
    this.statements++;
    if (this.logger?.isLevelEnabled('trace')) this.logger.trace({ query, parameters }, 'sql');
  }
  logQueryError(error: string | Error, query: string, _parameters?: unknown[]) {
    this.logger?.error({ err: error, query }, 'sql failed');
  }
  logQuerySlow(time: number, query: string) {
    this.logger?.warn({ ms: time, query: query.slice(0, 500) }, 'slow sql');
  }
  logSchemaBuild() {}
  logMigration(message: string) {
    this.logger?.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') this.logger?.warn(String(message));
    else this.logger?.debug(String(message));
  }
}
