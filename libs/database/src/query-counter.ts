import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import type { Logger } from 'pino';

/**
 * TypeORM's logger: counts every statement (tests assert bounds on the number
 * of statements a request makes) and logs at debug level, errors at error.
 */
export class CountingTypeOrmLogger implements TypeOrmLogger {
  private statements = 0;
  /** The statements since the last reset (the first 100), kept only once a test asks (`keepTexts`): nothing to copy in production. */
  private texts: string[] = [];
  private keeping = false;
  constructor(private readonly logger?: Logger) {}

  get count(): number {
    return this.statements;
  }
  /** The statements' texts since the last reset (the first 100): only after `keepTexts()`. */
  get queries(): readonly string[] {
    if (!this.keeping) throw new Error('statement texts are kept only after keepTexts()');
    return this.texts;
  }
  /** From now on, keep the first 100 statements' texts of each count (a test that must say which ran). */
  keepTexts(): void {
    this.keeping = true;
  }
  reset(): void {
    this.statements = 0;
    this.texts = [];
  }

  logQuery(query: string, parameters?: unknown[], _queryRunner?: QueryRunner) {
    this.statements++;
    if (this.keeping && this.texts.length < 100) this.texts.push(query.slice(0, 2000));
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
