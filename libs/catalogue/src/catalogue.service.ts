import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addMonths, isProvinceAdmin, periodToDate, type Actor } from '@carenet/core';
import { AdminAuditRepository } from '@carenet/admin-audit';
import { IndicatorsService } from '@carenet/indicators';
import { RULE_INDICATORS } from '@carenet/reporting';
import { CatalogueError, CatalogueErrorReason as R, type CatalogueProblem } from './catalogue.errors.js';
import {
  checkAddIndicator,
  checkAfter,
  checkDeadline,
  checkRename,
  checkRetire,
  checkSubsidyStandard,
  maxValueOf,
  type AddIndicatorInput,
  type Kind,
  type SubsidyStandardInput,
} from './catalogue-rules.js';
import { CatalogueRepository, type DeadlineVersion, type IndicatorHistoryRow, type SubsidyStandardVersion } from './catalogue.repository.js';

function refuse(problems: CatalogueProblem[]): void {
  if (problems.length) throw CatalogueError.of(problems);
}

/** The month before `period`, as the `valid_to` of the version a change ends. */
function lastBefore(period: string): string {
  return periodToDate(addMonths(period, -1));
}

/**
 * The catalogue as managed data: indicators (add, rename, retire), subsidy
 * standards and report deadlines, each change effective from a month. A change
 * ends the version in force the month before and adds the next (earlier months
 * keep being checked against what was in force then), is written to the admin
 * audit in its transaction, and is for the province's administrators only.
 */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly repo: CatalogueRepository,
    private readonly audit: AdminAuditRepository,
    private readonly indicators: IndicatorsService,
  ) {}

  async addIndicator(actor: Actor, input: AddIndicatorInput): Promise<IndicatorHistoryRow> {
    this.requireProvinceAdmin(actor);
    refuse(checkAddIndicator(input));
    const kind = input.kind as Kind;
    const row = {
      code: input.code,
      nameZh: input.nameZh.trim(),
      nameEn: input.nameEn.trim(),
      unit: kind === 'MONEY' ? 'fen' : input.unit!,
      kind,
      level: input.level,
      maxValue: maxValueOf(kind),
      group: input.group?.trim() || null,
      validFrom: periodToDate(input.effective),
    };
    return this.change(actor, 'INDICATOR_ADD', input.code, async (m) => {
      if (await this.repo.codeTaken(m, input.code)) {
        refuse([{ reason: R.INDICATOR_CODE_TAKEN, field: 'code', message: `code: ${input.code} is, or was, an indicator; choose another code` }]);
      }
      await this.repo.insertIndicator(m, row);
      return { details: { effective: input.effective, after: { ...row, validFrom: input.effective } }, result: () => this.indicatorRow(m, input.code) };
    });
  }

  async renameIndicator(actor: Actor, input: { code: string; nameZh: string; nameEn: string; effective: string }): Promise<IndicatorHistoryRow> {
    this.requireProvinceAdmin(actor);
    return this.change(actor, 'INDICATOR_RENAME', input.code, async (m) => {
      const current = await this.span(m, input.code);
      refuse(checkRename(current, input));
      await this.repo.rename(m, current.code, lastBefore(input.effective), periodToDate(input.effective), input.nameZh.trim(), input.nameEn.trim());
      return {
        details: { effective: input.effective, before: { nameZh: current.nameZh, nameEn: current.nameEn, validFrom: current.namesFrom }, after: { nameZh: input.nameZh.trim(), nameEn: input.nameEn.trim() } },
        result: () => this.indicatorRow(m, current.code),
      };
    });
  }

  async retireIndicator(actor: Actor, input: { code: string; effective: string }): Promise<IndicatorHistoryRow> {
    this.requireProvinceAdmin(actor);
    return this.change(actor, 'INDICATOR_RETIRE', input.code, async (m) => {
      const current = await this.span(m, input.code);
      const using = /^\d{4}-\d{2}$/.test(input.effective) ? await this.repo.standardsUsing(m, current.code, periodToDate(input.effective)) : [];
      refuse(checkRetire(current, input.effective, RULE_INDICATORS, using));
      await this.repo.retire(m, current.code, lastBefore(input.effective));
      return { details: { effective: input.effective, lastMonth: addMonths(input.effective, -1) }, result: () => this.indicatorRow(m, current.code) };
    });
  }

  /** A new standard of the actor's province for one subsidy, from a month; the headcount carries over from the standard it follows unless given. */
  async setSubsidyStandard(actor: Actor, input: SubsidyStandardInput): Promise<SubsidyStandardVersion> {
    this.requireProvinceAdmin(actor);
    const provinceCode = await this.repo.unitCode(actor.unitId);
    return this.change(actor, 'SUBSIDY_STANDARD_SET', input.subsidyIndicator, async (m) => {
      const before = await this.repo.latestStandard(m, provinceCode, input.subsidyIndicator);
      const full = {
        subsidyIndicator: input.subsidyIndicator,
        headcountIndicator: input.headcountIndicator ?? before?.headcountIndicator ?? '',
        headcountSource: input.headcountSource ?? before?.headcountSource ?? '',
        monthlyFen: input.monthlyFen,
        effective: input.effective,
      };
      if (!full.headcountIndicator) refuse([{ reason: R.INVALID_INPUT, field: 'headcountIndicator', message: 'headcountIndicator: the children the subsidy is owed to (a new standard has no earlier one to take it from)' }]);
      const month = /^\d{4}-\d{2}$/.test(input.effective) ? periodToDate(input.effective) : null;
      const [subsidy, headcount] = month
        ? [await this.repo.indicatorIn(m, full.subsidyIndicator, month), await this.repo.indicatorIn(m, full.headcountIndicator, month)]
        : [undefined, undefined];
      refuse(checkSubsidyStandard(full, subsidy, headcount));
      refuse(checkAfter(input.effective, before?.validFrom ?? null, `the standard for ${input.subsidyIndicator} is`));
      const after = { provinceCode, subsidyIndicator: full.subsidyIndicator, headcountIndicator: full.headcountIndicator, headcountSource: full.headcountSource as 'VILLAGES' | 'OWN', monthlyFen: full.monthlyFen };
      await this.repo.addStandard(m, after, month!, lastBefore(input.effective));
      return {
        details: { effective: input.effective, before: before ?? null, after },
        result: async () => (await this.repo.latestStandard(m, provinceCode, input.subsidyIndicator))!,
      };
    });
  }

  /** The actor's province's own deadline for a level's reports, from a month. */
  async setReportDeadline(actor: Actor, input: { level: string; days: number; effective: string }): Promise<DeadlineVersion> {
    this.requireProvinceAdmin(actor);
    refuse(checkDeadline(input));
    const provinceCode = await this.repo.unitCode(actor.unitId);
    return this.change(actor, 'DEADLINE_SET', input.level, async (m) => {
      const [before] = await this.repo.deadlines(provinceCode, { level: input.level, latestOnly: true }, m);
      refuse(checkAfter(input.effective, before?.validFrom ?? null, `the province's deadline for ${input.level} reports is`));
      await this.repo.addDeadline(m, { provinceCode, level: input.level, days: input.days }, periodToDate(input.effective), lastBefore(input.effective));
      return {
        details: { effective: input.effective, before: before ?? null, after: { level: input.level, days: input.days } },
        result: async () => (await this.repo.deadlines(provinceCode, { level: input.level, latestOnly: true }, m))[0]!,
      };
    });
  }

  // ---- reading, with the history by month ----

  /** Every indicator, retired ones too, with its names by month. */
  indicatorHistory(code?: string | null): Promise<IndicatorHistoryRow[]> {
    return this.repo.indicatorHistory(code);
  }

  /** The standards of the actor's province, every version. */
  async subsidyStandards(actor: Actor, subsidyIndicator?: string | null): Promise<SubsidyStandardVersion[]> {
    return this.repo.standards({ provinceCode: await this.provinceOf(actor), subsidyIndicator: subsidyIndicator ?? undefined });
  }

  /** The deadlines of the actor's province (its own, and the defaults it falls back on), every version. */
  async reportDeadlines(actor: Actor): Promise<DeadlineVersion[]> {
    return this.repo.deadlines(await this.provinceOf(actor));
  }

  // ---- the one path of every change ----

  private async change<T>(
    actor: Actor,
    action: string,
    target: string,
    work: (m: EntityManager) => Promise<{ details: Record<string, unknown>; result: () => Promise<T> }>,
  ): Promise<T> {
    const out = await this.repo.transaction(async (m) => {
      await this.repo.lock(m);
      const { details, result } = await work(m);
      await this.audit.append({ actorId: actor.id as number, actor: actor.name, action, unitId: actor.unitId, target, details }, m);
      return result();
    });
    this.indicators.forget();
    return out;
  }

  private async span(m: EntityManager, code: string) {
    const current = await this.repo.indicatorSpan(m, code);
    if (!current) refuse([{ reason: R.UNKNOWN_INDICATOR, field: 'code', message: `code: ${String(code).slice(0, 64)} is not an indicator` }]);
    return current!;
  }

  private async indicatorRow(m: EntityManager, code: string): Promise<IndicatorHistoryRow> {
    return (await this.repo.indicatorHistory(code, m))[0]!;
  }

  private requireProvinceAdmin(actor: Actor): void {
    if (!isProvinceAdmin(actor)) {
      throw new CatalogueError(R.NOT_PROVINCE_ADMIN, 'the catalogue (indicators, subsidy standards, deadlines, reminder webhooks) is kept by the province’s administrators');
    }
  }

  private async provinceOf(actor: Actor): Promise<string> {
    return this.repo.unitCode(actor.unitPathIds[0]!);
  }
}
