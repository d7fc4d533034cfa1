import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { ProvincialReportService } from '@carenet/rollup';

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, CONFLICT: 409, RATE_LIMITED: 429, UNAVAILABLE: 503 };

/** Files for people: the provincial report as XLSX or CSV (Chinese headers, money in yuan), with the same token as /graphql. */
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly auth: AuthService,
    private readonly reports: ProvincialReportService,
  ) {}

  @Get('provincial-report/:provinceCode/:period/:file')
  async provincialReport(@Param('provinceCode') provinceCode: string, @Param('period') period: string, @Param('file') file: string, @Req() req: Request, @Res() res: Response) {
    try {
      const m = /^(\d{1,6})\.(xlsx|csv)$/.exec(file);
      if (!m) throw new DomainError('BAD_USER_INPUT', 'INVALID_FILE', 'the file is <version>.xlsx or <version>.csv');
      const actor = await this.auth.authenticate(req.headers.authorization);
      if (!actor) throw new DomainError('UNAUTHENTICATED', 'MISSING_TOKEN', 'send Authorization: Bearer <token>');
      const report = await this.reports.get(actor, provinceCode, period, Number(m[1]));
      if (!report) throw new DomainError('NOT_FOUND', 'REPORT_NOT_FOUND', `no provincial report version ${m[1]} for ${period}`);
      const format = m[2] === 'xlsx' ? 'XLSX' : 'CSV';
      const body = await this.reports.export(report, format);
      const name = `carenet-${report.provinceCode}-${period}-v${report.version}.${m[2]}`;
      res
        .status(200)
        .setHeader('content-type', format === 'XLSX' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
        .setHeader('content-disposition', `attachment; filename="${name}"`)
        .send(body);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      res.status(STATUS[e.category] ?? 400).json({ code: e.category, reason: e.reason, message: e.message });
    }
  }
}
