import { Inject, Injectable } from '@nestjs/common';
import { RollupError, RollupErrorReason } from './rollup.errors.js';
import { CLOCK, may, requireEnded, periodToDate, requireScope, type Actor, type Clock } from '@carenet/core';
import { OutboxRepository, ProvincialReportJob } from '@carenet/queue';
import { Transactions } from '@carenet/database';
import { AdminTreeService, type AdminUnit } from '@carenet/admin-tree';
import { IndicatorsService, tableToCsv, tableToXlsx, type FigureTable } from '@carenet/indicators';
import { RollupReadsRepository } from './rollup-reads.repository.js';
import { ProvincialReportRepository } from './provincial-report.repository.js';
import type { ProvincialReportContent } from './provincial-report-content.js';

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


/** Builds, reads and exports the provincial report: province, cities and counties, every indicator, completeness, explained warnings. */
@Injectable()
export class ProvincialReportService {
  constructor(
    private readonly repo: ProvincialReportRepository,
    private readonly rollups: RollupReadsRepository,
    private readonly tree: AdminTreeService,
    private readonly indicators: IndicatorsService,
    private readonly outbox: OutboxRepository,
    private readonly transactions: Transactions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Asks for a new version (on demand; a sign-off asks by itself). Goes through
   * the outbox, so it is accepted even while Redis is away. Provincial
   * approvers and administrators only.
   */
  async requestBuild(actor: Actor, provinceCode: string, period: string): Promise<void> {
    const province = await this.tree.getUnit(provinceCode, period, 'provinceCode');
    requireScope(actor, province, 'READ', 'provinceCode');
    if (province.depth !== 1) throw new RollupError(RollupErrorReason.NOT_A_PROVINCE, `provinceCode: ${province.code} is not a province`, 'provinceCode');
    if (!may(actor, 'APPROVE', province) && !may(actor, 'ADMINISTER', province)) {
      throw new RollupError(RollupErrorReason.NOT_ALLOWED, 'only a provincial approver or an administrator builds the provincial report');
    }
    requireEnded(period, this.clock.now(), 'period', 'the provincial report is built for months that have ended');
    await this.transactions.run((m) => this.outbox.add(m, ProvincialReportJob.BUILD, { provinceId: province.id, period, trigger: `requested by ${actor.name}` }));
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
      this.indicators.catalogue(period),
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
    if (province.depth !== 1) throw new RollupError(RollupErrorReason.NOT_A_PROVINCE, `provinceCode: ${province.code} is not a province`, 'provinceCode');
    const row = await this.repo.find(province.id, periodToDate(period), version);
    return row ? { province, provinceCode: province.code, period, version: row.version, trigger: row.trigger, createdAt: row.createdAt, content: row.content } : null;
  }

  /** CSV (UTF-8 with BOM) or XLSX with Chinese headers; money in yuan with 2 decimals. */
  async export(report: ProvincialReport, format: 'CSV' | 'XLSX'): Promise<Buffer> {
    const c = report.content;
    const table: FigureTable = {
      title: `${report.period} v${report.version}`,
      keyHeaders: ['单位代码', '单位名称', '层级'],
      indicators: c.indicators,
      countHeaders: ['应报', '已报', '已审核', '按时报送'],
      rows: c.rows.map((r) => ({
        keys: [r.unitCode, r.unitName, LEVEL_ZH[r.level] ?? r.level],
        values: new Map(r.values.map((v) => [v.indicator, v.value])),
        counts: [r.completeness.expected, r.completeness.submitted, r.completeness.approved, r.completeness.onTime],
      })),
      notes: [
        ['省份', c.provinceName, c.provinceCode],
        ['月份', report.period],
        ['版本', report.version, report.trigger],
        ['口径', '已审核数据 (APPROVED)'],
        [],
        ['已说明的预警', '单位', '规则', '指标', '说明'],
        ...c.warnings.map((w) => ['', `${w.unitName} ${w.unitCode}`, w.rule, w.indicators.join(' '), w.explanation]),
      ],
    };
    return format === 'CSV' ? tableToCsv(table) : tableToXlsx(table);
  }
}
