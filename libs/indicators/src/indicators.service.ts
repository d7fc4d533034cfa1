import { Inject, Injectable, Optional } from '@nestjs/common';
import { CLOCK, periodToDate, utcPeriod, type Clock } from '@carenet/core';
import type { Indicator } from './indicator.js';
import { IndicatorsRepository } from './indicators.repository.js';

const CACHE_MS = 10_000;

export interface Catalogue {
  list: Indicator[];
  byCode: Map<string, Indicator>;
}

/**
 * The catalogue of a month (the indicators on that month's form, with that
 * month's names), read at most every few seconds per month: an administrator
 * may change it at any time, and a change made here is seen at once.
 */
@Injectable()
export class IndicatorsService {
  private cached = new Map<string, { at: number; catalogue: Catalogue }>();

  constructor(
    private readonly repo: IndicatorsRepository,
    @Optional() @Inject(CLOCK) private readonly clock?: Clock,
  ) {}

  /** The catalogue of `period` (`YYYY-MM`), by default of the current month. */
  async catalogue(period?: string | null): Promise<Catalogue> {
    const month = period ?? utcPeriod(this.clock?.now() ?? new Date());
    const hit = this.cached.get(month);
    if (hit && Date.now() - hit.at <= CACHE_MS) return hit.catalogue;
    const list = await this.repo.listFor(periodToDate(month));
    const catalogue = { list, byCode: new Map(list.map((i) => [i.code, i])) };
    if (this.cached.size > 240) this.cached.clear();
    this.cached.set(month, { at: Date.now(), catalogue });
    return catalogue;
  }

  async list(period?: string | null): Promise<Indicator[]> {
    return (await this.catalogue(period)).list;
  }

  /** After a change of the catalogue: the next read sees it. */
  forget(): void {
    this.cached.clear();
  }
}
