import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { RedisClient } from '@carenet/queue';
import { CONFIG, DomainError, HTTP_STATUS, LOGGER, normalizeUnitCode, type Actor, type Config, type Logger } from '@carenet/core';
import { REDIS_CLIENT } from '@carenet/queue';
import { EXPORT_WEIGHT, takeFromQuota } from '../graphql/rate-limit.js';
import { AuthService } from '@carenet/auth';
import { StatsService, type StatsBasis } from '@carenet/analytics';
import { IndicatorsService, tableToCsv, tableToXlsx } from '@carenet/indicators';
import { ProvincialReportService, RollupError, RollupErrorReason } from '@carenet/rollup';

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' };

/**
 * Files for people, with the same token as /graphql: the provincial report and
 * any unit's breakdown by child unit, as XLSX or CSV (Chinese headers, money
 * in yuan with two decimals).
 */
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly auth: AuthService,
    private readonly reports: ProvincialReportService,
    private readonly stats: StatsService,
    private readonly indicators: IndicatorsService,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('provincial-report/:provinceCode/:period/:file')
  provincialReport(@Param('provinceCode') provinceCode: string, @Param('period') period: string, @Param('file') file: string, @Req() req: Request, @Res() res: Response) {
    return this.respond(req, res, file, /^(\d{1,6})\.(xlsx|csv)$/, '<version>.xlsx or <version>.csv', async (actor, m) => {
      const report = await this.reports.get(actor, provinceCode, period, Number(m[1]));
      if (!report) throw new RollupError(RollupErrorReason.REPORT_NOT_FOUND, `no provincial report version ${m[1]} for ${period}`);
      const body = await this.reports.export(report, m[2] === 'xlsx' ? 'XLSX' : 'CSV');
      return { body, name: `carenet-${report.provinceCode}-${period}-v${report.version}.${m[2]}`, ext: m[2] as 'xlsx' | 'csv' };
    });
  }

  /** The statsBreakdown table: one row per child unit. `?basis=PROVISIONAL` for submitted figures too. */
  @Get('stats-breakdown/:unitCode/:file')
  statsBreakdown(@Param('unitCode') unitCode: string, @Param('file') file: string, @Query('basis') basis: unknown, @Req() req: Request, @Res() res: Response) {
    return this.respond(req, res, file, /^(\d{4}-\d{2})\.(xlsx|csv)$/, '<YYYY-MM>.xlsx or <YYYY-MM>.csv', async (actor, m) => {
      const code = normalizeUnitCode(unitCode, 'unitCode');
      const b = basis === undefined ? 'APPROVED' : typeof basis === 'string' ? basis.toUpperCase() : '';
      if (b !== 'APPROVED' && b !== 'PROVISIONAL') throw new DomainError('BAD_USER_INPUT', 'INVALID_BASIS', 'basis: APPROVED or PROVISIONAL');
      const rows = await this.stats.breakdown(actor, unitCode, m[1]!, b as StatsBasis);
      const { list } = await this.indicators.catalogue(m[1]!);
      const table = {
        title: `${m[1]} ${b}`,
        keyHeaders: ['单位代码', '单位名称'],
        indicators: list,
        countHeaders: ['应报', '已报', '已审核', '按时报送'],
        rows: rows.map((s) => ({
          keys: [s.unit.code, s.unit.name],
          values: new Map(s.values.map((v) => [v.indicator, v.value])),
          counts: [s.completeness.expected, s.completeness.submitted, s.completeness.approved, s.completeness.onTime],
        })),
        notes: [['口径', b === 'APPROVED' ? '已审核数据' : '已报送数据(含待审核)'], ['月份', m[1]!]],
      };
      const body = m[2] === 'xlsx' ? await tableToXlsx(table) : tableToCsv(table);
      return { body, name: `carenet-${code}-${m[1]}-${b.toLowerCase()}.${m[2]}`, ext: m[2] as 'xlsx' | 'csv' };
    });
  }

  private async respond(
    req: Request,
    res: Response,
    file: string,
    pattern: RegExp,
    expected: string,
    build: (actor: Actor, m: RegExpExecArray) => Promise<{ body: Buffer; name: string; ext: 'xlsx' | 'csv' }>,
  ): Promise<void> {
    try {
      const m = pattern.exec(file);
      if (!m) throw new DomainError('BAD_USER_INPUT', 'INVALID_FILE', `the file is ${expected}`);
      const actor = await this.auth.authenticate(req.headers.authorization);
      // the same per-minute quota as /graphql (an API key's own), a file costing EXPORT_WEIGHT requests
      const quota = await takeFromQuota(
        { redis: this.redis, prefix: this.config.redisPrefix, perMinute: this.config.rateLimitPerMinute, logger: this.logger },
        actor,
        req.ip,
        actor ? EXPORT_WEIGHT : 1,
      );
      if (!quota.allowed) {
        res.setHeader('retry-after', String(quota.retryAfterSeconds));
        throw new DomainError('RATE_LIMITED', 'TOO_MANY_REQUESTS', `more than ${quota.limit} requests this minute (a file counts as ${EXPORT_WEIGHT}); try again in ${quota.retryAfterSeconds} s`, {
          limit: quota.limit,
          retryAfterSeconds: quota.retryAfterSeconds,
        });
      }
      if (!actor) throw new DomainError('UNAUTHENTICATED', 'MISSING_TOKEN', 'send Authorization: Bearer <token>');
      const out = await build(actor, m);
      res.status(200).setHeader('content-type', MIME[out.ext]).setHeader('content-disposition', `attachment; filename="${out.name}"`).send(out.body);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      res.status(HTTP_STATUS[e.category]).json({ code: e.category, reason: e.reason, message: e.message });
    }
  }
}
