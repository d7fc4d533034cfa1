import { Inject, Injectable, Optional } from '@nestjs/common';
import { addMonths, CLOCK, CONFIG, currentPeriod, LOGGER, periodToDate, postWebhook, pushTo, WEBHOOK_RESOLVER, type Clock, type Config, type Logger, type WebhookResolver } from '@carenet/core';
import { DeadlinesRepository } from './deadlines.repository.js';

export interface OverdueNotice {
  period: string;
  level: string;
  unitCodes: string[];
}

const CHUNK = 1000;

/**
 * Flags units whose own report is past its deadline (docs/domain.md §4: days after
 * the month ends, per level, per province) and not yet submitted, once per
 * unit and month, and tells the reminder webhook its province had for its
 * level in that month.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly repo: DeadlinesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    @Optional() @Inject(LOGGER) private readonly logger?: Logger,
    @Optional() @Inject(WEBHOOK_RESOLVER) private readonly resolve?: WebhookResolver,
  ) {}

  async flagOverdue(now: Date = this.clock.now()): Promise<OverdueNotice[]> {
    const notices: OverdueNotice[] = [];
    const current = currentPeriod(now);
    for (const period of [addMonths(current, -1), addMonths(current, -2)]) {
      const rows = await this.repo.flagOverdue(periodToDate(period), now);
      const byLevel = new Map<string, string[]>();
      for (const r of rows) pushTo(byLevel, r.level, r.code);
      for (const [level, unitCodes] of byLevel) notices.push({ period, level, unitCodes });
      if (rows.length) await this.remind(period, rows);
    }
    return notices;
  }

  /**
   * POSTs the month's newly overdue units of each province and level to the
   * webhook its province had for that level in that month, in chunks; a
   * failure (a refused address or a redirect too) is logged, the flags stay.
   */
  private async remind(period: string, rows: { provinceCode: string; level: string; code: string }[]): Promise<void> {
    const key = (provinceCode: string, level: string) => `${provinceCode}:${level}`;
    const hooks = await this.repo.reminderWebhooks(periodToDate(period));
    const urls = new Map(hooks.map((h) => [key(h.provinceCode, h.level), h.url]));
    const groups = new Map<string, { provinceCode: string; level: string; unitCodes: string[] }>();
    for (const r of rows) {
      const k = key(r.provinceCode, r.level);
      if (!groups.has(k)) groups.set(k, { provinceCode: r.provinceCode, level: r.level, unitCodes: [] });
      groups.get(k)!.unitCodes.push(r.code);
    }
    for (const [k, g] of groups) {
      const url = urls.get(k);
      if (!url) continue;
      for (let i = 0; i < g.unitCodes.length; i += CHUNK) {
        const body = { event: 'reports.overdue', period, provinceCode: g.provinceCode, level: g.level, unitCodes: g.unitCodes.slice(i, i + CHUNK) };
        try {
          await postWebhook(url, body, { allowHosts: this.config.webhookAllowHosts, resolve: this.resolve, timeoutMs: 5000 });
        } catch (e) {
          this.logger?.warn({ url, provinceCode: g.provinceCode, level: g.level, period, err: (e as Error).message }, 'overdue reminder webhook failed');
        }
      }
    }
  }
}
