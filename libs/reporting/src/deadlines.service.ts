import { Inject, Injectable, Optional } from '@nestjs/common';
import { addMonths, CLOCK, currentPeriod, LOGGER, periodToDate, pushTo, type Clock, type Logger } from '@carenet/core';
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
 * unit and month, and tells the reminder webhook of each level.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly repo: DeadlinesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(LOGGER) private readonly logger?: Logger,
  ) {}

  async flagOverdue(now: Date = this.clock.now()): Promise<OverdueNotice[]> {
    const notices: OverdueNotice[] = [];
    const current = currentPeriod(now);
    for (const period of [addMonths(current, -1), addMonths(current, -2)]) {
      const rows = await this.repo.flagOverdue(periodToDate(period), now);
      const byLevel = new Map<string, string[]>();
      for (const r of rows) pushTo(byLevel, r.level, r.code);
      for (const [level, unitCodes] of byLevel) notices.push({ period, level, unitCodes });
    }
    if (notices.length) await this.remind(notices);
    return notices;
  }

  /** POSTs each level's newly overdue units to that level's webhook, in chunks; a failure is logged, the flags stay. */
  private async remind(notices: OverdueNotice[]): Promise<void> {
    const hooks = await this.repo.reminderWebhooks();
    const urls = new Map(hooks.map((h) => [h.level, h.url]));
    for (const n of notices) {
      const url = urls.get(n.level);
      if (!url) continue;
      for (let i = 0; i < n.unitCodes.length; i += CHUNK) {
        const body = { event: 'reports.overdue', period: n.period, level: n.level, unitCodes: n.unitCodes.slice(i, i + CHUNK) };
        try {
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
        } catch (e) {
          this.logger?.warn({ url, level: n.level, period: n.period, err: (e as Error).message }, 'overdue reminder webhook failed');
        }
      }
    }
  }
}
