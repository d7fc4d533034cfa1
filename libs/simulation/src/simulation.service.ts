import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CLOCK, csvBuffer, OPEN_STATUSES, periodToDate, pushTo, ReportStatus, Role, SettableClock, type Actor, type Clock, DomainError } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { IndicatorsRepository } from '@carenet/indicators';
import { dueAt, ReportImportService, ReportsService } from '@carenet/reporting';
import { countyFigures, Random, townshipFigures, unitSeed, villageFigures, type Figures } from './figures.js';
import { forEachLimit } from './pool.js';
import { SimulationRepository, type SimUnit } from './simulation.repository.js';

export type SimulationTarget = 'SAVED' | 'SUBMITTED' | 'APPROVED';

export interface PhaseResult {
  phase: string;
  units: number;
  failed: number;
  seconds: number;
}

export interface SimulationResult {
  province: string;
  period: string;
  phases: PhaseResult[];
  failures: { unitCode: string; phase: string; message: string }[];
}

export interface SimulationOptions {
  province: string;
  period: string;
  until: SimulationTarget;
  seed: number;
  concurrency?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

const LEVEL_NAMES = ['', 'the province', 'cities', 'counties', 'townships', 'villages'];
const LEVELS = ['', 'PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'];
/** The share of units that submit after their deadline (deterministic per seed and unit). */
export const LATE_SHARE = 0.12;

/**
 * Pushes a month of simulated figures for every unit of a province through the
 * real workflow (the services, as clerks and approvers would): counties import
 * their villages' figures in one file each; then every level is submitted and
 * approved bottom-up, with explanations written for the warnings that need one.
 */
@Injectable()
export class SimulationService {
  constructor(
    private readonly repo: SimulationRepository,
    private readonly reports: ReportsService,
    private readonly imports: ReportImportService,
    private readonly auth: AuthService,
    private readonly indicatorData: IndicatorsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  provinces(): Promise<string[]> {
    return this.repo.provinces();
  }

  async run(o: SimulationOptions): Promise<SimulationResult> {
    const province = o.province.slice(0, 2).padEnd(12, '0');
    const date = periodToDate(o.period);
    const units = await this.repo.unitsOf(province, date);
    if (units.length === 0) throw new Error(`--province ${o.province}: no units; load the tree first (npm run seed:divisions -- --province ${o.province.slice(0, 2)})`);
    const clerk = await this.actor(`sim-clerk-${o.province.slice(0, 2)}`, Role.CLERK, province);
    const approver = await this.actor(`sim-approver-${o.province.slice(0, 2)}`, Role.APPROVER, province);
    const concurrency = o.concurrency ?? 6;
    const byDepth = (d: number) => units.filter((u) => u.depth === d);
    const byId = new Map(units.map((u) => [u.id, u]));
    const result: SimulationResult = { province, period: o.period, phases: [], failures: [] };
    const progress = o.onProgress ?? (() => undefined);

    const figuresOf = (u: SimUnit): Figures => {
      const r = new Random(unitSeed(o.seed, u.code, o.period));
      return u.depth === 5 ? villageFigures(r) : townshipFigures(r);
    };

    const phase = async (name: string, items: SimUnit[], work: (u: SimUnit) => Promise<void>, limit = concurrency) => {
      const started = Date.now();
      let done = 0;
      progress(name, 0, items.length);
      const failures = await forEachLimit(items, limit, async (u) => {
        await work(u);
        progress(name, ++done, items.length);
      });
      for (const f of failures) result.failures.push({ unitCode: f.item.code, phase: name, message: f.error.message });
      result.phases.push({ phase: name, units: items.length, failed: failures.length, seconds: (Date.now() - started) / 1000 });
    };

    // 1. villages: each county's clerk imports one file with all its villages' figures
    const villages = byDepth(5);
    const villageSums = new Map<number, Map<string, number>>(); // per county id
    const villagesByCounty = new Map<number, SimUnit[]>();
    for (const v of villages) {
      const county = byId.get(byId.get(v.parentId!)!.parentId!)!;
      pushTo(villagesByCounty, county.id, v);
      const sums = villageSums.get(county.id) ?? new Map<string, number>();
      for (const f of figuresOf(v)) sums.set(f.indicator, (sums.get(f.indicator) ?? 0) + f.value);
      villageSums.set(county.id, sums);
    }
    const counties = byDepth(3);
    const started = Date.now();
    let imported = 0;
    let importFailed = 0;
    progress('import villages', 0, villages.length);
    await forEachLimit(counties, Math.min(concurrency, 3), async (county) => {
      const list = villagesByCounty.get(county.id) ?? [];
      if (list.length === 0) return;
      const codes = figuresOf(list[0]!).map((f) => f.indicator);
      const csv = csvBuffer([['unitCode', ...codes], ...list.map((v) => [v.code, ...figuresOf(v).map((f) => f.value)])]);
      const r = await this.imports.importReports(clerk, { parentCode: county.code, period: o.period, format: 'CSV', fileBase64: csv.toString('base64'), mode: 'VALID_ROWS' });
      imported += r.saved;
      importFailed += r.rows.length - r.saved;
      for (const row of r.rows.filter((x) => x.outcome !== 'SAVED')) result.failures.push({ unitCode: row.unitCode, phase: 'import villages', message: row.problems.join('; ') });
      progress('import villages', imported + importFailed, villages.length);
    });
    result.phases.push({ phase: 'import villages', units: villages.length, failed: importFailed, seconds: (Date.now() - started) / 1000 });
    if (o.until === 'SAVED') return result;

    // with a clock of its own, most units submit before their deadline and a few after it, as in a real month
    const submitting = async (name: string, depth: number, items: SimUnit[], work: (u: SimUnit) => Promise<void>) => {
      if (!(this.clock instanceof SettableClock)) return phase(name, items, work);
      const due = dueAt(o.period, await this.indicatorData.deadlineDays(province, LEVELS[depth]!, periodToDate(o.period))).getTime();
      const isLate = (u: SimUnit) => new Random(unitSeed(o.seed, `${u.code}:late`, o.period)).next() < LATE_SHARE;
      try {
        this.clock.set(new Date(due - 6 * 3600_000));
        await phase(`${name} (on time)`, items.filter((u) => !isLate(u)), work);
        this.clock.set(new Date(due + 2 * 86_400_000));
        await phase(`${name} (late)`, items.filter(isLate), work);
      } finally {
        this.clock.set(null);
      }
    };
    await submitting('submit villages', 5, villages, (u) => this.submit(clerk, u, o.period));
    if (o.until === 'SUBMITTED') return result;
    await phase('approve villages', villages, (u) => this.approve(approver, u, o.period));

    const standards = await this.standards(province, o.period);
    for (const depth of [4, 3, 2, 1]) {
      const level = LEVEL_NAMES[depth];
      await submitting(`save and submit ${level}`, depth, byDepth(depth), async (u) => {
        const own = depth === 4 ? figuresOf(u) : depth === 3 ? countyFigures(new Random(unitSeed(o.seed, u.code, o.period)), villageSums.get(u.id) ?? new Map(), standards) : [];
        if (own.length) await this.save(clerk, u, o.period, own);
        await this.submit(clerk, u, o.period);
      });
      await phase(`approve ${level}`, byDepth(depth), (u) => this.approve(approver, u, o.period));
    }
    return result;
  }

  private async save(clerk: Actor, u: SimUnit, period: string, values: Figures): Promise<void> {
    const current = (await this.repo.versions([u.id], periodToDate(period))).get(u.id);
    if (current && !OPEN_STATUSES.includes(current.status)) return; // a re-run: already further on
    await this.reports.saveReport(clerk, { unitCode: u.code, period, values, expectedVersion: current?.version ?? 0 });
  }

  /** Submits, explaining each warning the first attempt names (as a clerk would, after checking). */
  private async submit(clerk: Actor, u: SimUnit, period: string): Promise<void> {
    const current = (await this.repo.versions([u.id], periodToDate(period))).get(u.id);
    if (current && !OPEN_STATUSES.includes(current.status)) return;
    const input = { unitCode: u.code, period, expectedVersion: current?.version ?? 0 };
    try {
      await this.reports.submitReport(clerk, input);
    } catch (e) {
      const violations = e instanceof DomainError && e.reason === 'VALIDATION_FAILED' ? (e.details.violations ?? []) : [];
      if (violations.length === 0 || !violations.every((v) => v.rule.startsWith('W'))) throw e;
      const explanations = violations.map((v) => ({ rule: v.rule, indicator: v.indicators![0]!, text: 'checked against the registry; the figure is right (simulated)' }));
      await this.reports.submitReport(clerk, { ...input, explanations });
    }
  }

  private async approve(approver: Actor, u: SimUnit, period: string): Promise<void> {
    const current = (await this.repo.versions([u.id], periodToDate(period))).get(u.id);
    if (!current || current.status !== ReportStatus.SUBMITTED) return;
    await this.reports.approveReport(approver, { unitCode: u.code, period, expectedVersion: current.version });
  }

  private async actor(username: string, role: Role, unitCode: string): Promise<Actor> {
    const existing = await this.auth.actorOf(username);
    if (existing) return existing;
    await this.auth.createUser('system', { username, password: randomBytes(24).toString('base64url'), roles: [role], unitCode });
    return (await this.auth.actorOf(username))!;
  }

  private async standards(province: string, period: string) {
    const rows = await this.indicatorData.subsidyStandards(province, periodToDate(period));
    const of = (code: string) => rows.find((r) => r.subsidyIndicator === code)?.monthlyFen ?? 0;
    return { scattered: of('SUBSIDY_SCATTERED_FEN'), defacto: of('SUBSIDY_DEFACTO_FEN'), institutional: of('SUBSIDY_INSTITUTIONAL_FEN') };
  }
}
