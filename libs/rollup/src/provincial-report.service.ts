import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { DomainError, hasEnded, InputError, InputErrorReason, may, periodToDate, requireScope, Role, type Actor } from '@carenet/core';
import { OutboxRepository, ProvincialReportJob } from '@carenet/queue';
import { AdminTreeService, type AdminUnit } from '@carenet/admin-tree';
import { IndicatorsService } from '@carenet/indicators';
import { RollupRepository } from './rollup.repository.js';
import { ProvincialReportRepository, type ExplainedWarning } from './provincial-report.repository.js';

export interface ProvincialReportRow {
  unitCode: string;
  unitName: string;
  level: string;
  values: { indicator: string; value: number }[];
  completeness: { expected: number; submitted: number; approved: number; onTime: number };
}

export interface ProvincialReportContent {
  provinceCode: string;
  provinceName: string;
  period: string;
  basis: 'APPROVED';
  builtAt: string;
  indicators: { code: string; nameZh: string; nameEn: string; unit: string; kind: string }[];
  rows: ProvincialReportRow[];
  warnings: ExplainedWarning[];
}

export interface ProvincialReport {
  province: AdminUnit;
  provinceCode: string;
  period: string;
  version: number;
  trigger: string;
  createdAt: Date;
  content: ProvincialReportContent;
}

const LEVEL_ZH: Record<string, string> = { PROVINCE: '省', CITY: '市(州)', COUNTY: '县(市、区)' };

function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Builds, reads and exports the provincial report: province, cities and counties, every indicator, completeness, explained warnings. */
@Injectable()
export class ProvincialReportService {
  constructor(
    private readonly repo: ProvincialReportRepository,
    private readonly rollups: RollupRepository,
    private readonly tree: AdminTreeService,
    private readonly indicators: IndicatorsService,
    private readonly outbox: OutboxRepository,
    private readonly db: DataSource,
  ) {}

  /**
   * Asks for a new version (on demand; a sign-off asks by itself). Goes through
   * the outbox, so it is accepted even while Redis is away. Provincial
   * approvers and administrators only.
   */
  async requestBuild(actor: Actor, provinceCode: string, period: string): Promise<void> {
    const province = await this.tree.getUnit(provinceCode, period, 'provinceCode');
    requireScope(actor, province, 'READ', 'provinceCode');
    if (province.depth !== 1) throw new InputError(InputErrorReason.INVALID_UNIT_CODE, `provinceCode: ${province.code} is not a province`, 'provinceCode');
    if (!may(actor, 'APPROVE', province) && !(actor.kind === 'user' && actor.roles.includes(Role.ADMIN))) {
      throw new DomainError('FORBIDDEN', 'NOT_ALLOWED', 'only a provincial approver or an administrator builds the provincial report');
    }
    if (!hasEnded(period)) throw new InputError(InputErrorReason.INVALID_PERIOD, `period: ${period} has not ended yet`, 'period');
    await this.db.transaction((m) => this.outbox.add(m, ProvincialReportJob.BUILD, { provinceId: province.id, period, trigger: `requested by ${actor.name}` }));
  }

  /** A new immutable version from the current (verified) rollups. */
  async build(provinceId: number, period: string, trigger: string): Promise<number> {
    const date = periodToDate(period);
    const [province] = await this.tree.unitsByIds([provinceId]);
    if (!province || province.depth !== 1) throw new Error(`unit ${provinceId} is not a province`);
    const units = await this.repo.unitsOf(provinceId, date);
    const ids = units.map((u) => u.id);
    const [values, completeness, { list }, warnings] = await Promise.all([
      this.rollups.values(ids, date, 'APPROVED'),
      this.rollups.completeness(ids, date),
      this.indicators.catalogue(),
      this.repo.explainedWarnings(provinceId, date),
    ]);
    const content: ProvincialReportContent = {
      provinceCode: province.code,
      provinceName: province.name,
      period,
      basis: 'APPROVED',
      builtAt: new Date().toISOString(),
      indicators: list.map((i) => ({ code: i.code, nameZh: i.nameZh, nameEn: i.nameEn, unit: i.unit, kind: i.kind })),
      rows: units.map((u) => {
        const c = completeness.get(u.id)!;
        const v = values.get(u.id)!;
        return {
          unitCode: u.code,
          unitName: u.name,
          level: u.level,
          values: list.map((i) => ({ indicator: i.code, value: v.get(i.code) ?? 0 })),
          completeness: { expected: c.expected, submitted: c.submitted, approved: c.approved, onTime: c.onTime },
        };
      }),
      warnings,
    };
    return this.repo.insertNextVersion(provinceId, date, trigger, content);
  }

  /** The latest version, or the one asked for; null when none was built. Provincial viewers and above only. */
  async get(actor: Actor, provinceCode: string, period: string, version?: number | null): Promise<ProvincialReport | null> {
    const province = await this.tree.getUnit(provinceCode, period, 'provinceCode');
    requireScope(actor, province, 'READ', 'provinceCode');
    if (province.depth !== 1) throw new InputError(InputErrorReason.INVALID_UNIT_CODE, `provinceCode: ${province.code} is not a province`, 'provinceCode');
    const row = await this.repo.find(province.id, periodToDate(period), version);
    return row ? { province, provinceCode: province.code, period, version: row.version, trigger: row.trigger, createdAt: row.createdAt, content: row.content } : null;
  }

  /** CSV (UTF-8 with BOM) or XLSX with Chinese headers; money in yuan with 2 decimals. */
  async export(report: ProvincialReport, format: 'CSV' | 'XLSX'): Promise<Buffer> {
    const { indicators, rows } = report.content;
    const header = ['单位代码', '单位名称', '层级', ...indicators.map((i) => (i.kind === 'MONEY' ? `${i.nameZh}(元)` : i.nameZh)), '应报', '已报', '已审核', '按时报送'];
    const cells = (r: ProvincialReportRow) => [
      r.unitCode,
      r.unitName,
      LEVEL_ZH[r.level] ?? r.level,
      ...indicators.map((i) => {
        const v = r.values.find((x) => x.indicator === i.code)?.value ?? 0;
        return i.kind === 'MONEY' ? yuan(v) : String(v);
      }),
      String(r.completeness.expected),
      String(r.completeness.submitted),
      String(r.completeness.approved),
      String(r.completeness.onTime),
    ];
    if (format === 'CSV') {
      const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
      const lines = [header, ...rows.map(cells)].map((line) => line.map(quote).join(','));
      return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    }
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet(`${report.period} v${report.version}`);
    sheet.addRow(header).font = { bold: true };
    for (const r of rows) {
      const c = cells(r);
      sheet.addRow(c.map((v, i) => (i < 3 ? v : Number(v))));
    }
    indicators.forEach((ind, i) => {
      if (ind.kind === 'MONEY') sheet.getColumn(4 + i).numFmt = '0.00';
    });
    sheet.getColumn(1).numFmt = '@';
    sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: 1 }];
    const notes = wb.addWorksheet('说明');
    notes.addRow(['省份', report.content.provinceName, report.content.provinceCode]);
    notes.addRow(['月份', report.period]);
    notes.addRow(['版本', report.version, report.trigger]);
    notes.addRow(['口径', '已审核数据 (APPROVED)']);
    notes.addRow([]);
    notes.addRow(['已说明的预警', '单位', '规则', '指标', '说明']);
    for (const w of report.content.warnings) notes.addRow(['', `${w.unitName} ${w.unitCode}`, w.rule, w.indicators.join(' '), w.explanation]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
